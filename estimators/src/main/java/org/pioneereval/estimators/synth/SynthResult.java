package org.pioneereval.estimators.synth;

import org.pioneereval.estimators.ConfidenceInterval;

/**
 * A synthetic difference-in-differences estimate with its placebo standard error: the point
 * estimate, weights, intercepts, method and parameters are in {@link #fit()}, the inference in
 * {@link #placebo()}.
 */
public record SynthResult(SynthEstimate fit, PlaceboStandardError placebo) {

  public SynthMethod method() {
    return fit.method();
  }

  public double estimate() {
    return fit.estimate();
  }

  public double standardError() {
    return placebo.standardError();
  }

  public ConfidenceInterval confidenceInterval() {
    return placebo.confidenceInterval();
  }
}
