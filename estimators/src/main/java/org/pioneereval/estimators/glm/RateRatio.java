package org.pioneereval.estimators.glm;

/**
 * A Poisson coefficient read as a rate ratio: {@code exp(b)} with the interval {@code exp(b -+
 * z_{(1+level)/2} se)} (normal quantiles, as fixest reports Poisson z-values), i.e. the
 * multiplicative change of the expected outcome per unit of the regressor. For a DiD treatment
 * dummy it is the ratio of the treated rate to the counterfactual rate.
 */
public record RateRatio(
    String coefficient,
    double estimate,
    double lower,
    double upper,
    double level,
    double logEstimate,
    double standardError,
    GlmVariance variance) {

  /** The change in percent, {@code 100 (exp(b) - 1)}. */
  public double percentChange() {
    return 100.0 * (estimate - 1.0);
  }
}
