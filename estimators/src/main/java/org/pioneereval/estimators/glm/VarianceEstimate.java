package org.pioneereval.estimators.glm;

import org.pioneereval.estimators.internal.Matrices;

/**
 * One estimated variance of the coefficients (see {@link GlmVarianceType} for the formulas).
 *
 * @param variance what was requested
 * @param vcov the variance-covariance matrix, in coefficient order
 * @param parameterCount K of the small-sample factor (after leaving out nested fixed effects)
 * @param clusters G (the smaller G for two-way clustering), 0 when not clustered
 * @param smallSampleFactor the factor applied to the sandwich (or to the bread for IID)
 */
public record VarianceEstimate(
    GlmVariance variance,
    double[][] vcov,
    int parameterCount,
    int clusters,
    double smallSampleFactor) {
  public VarianceEstimate {
    vcov = Matrices.copy(vcov);
  }

  @Override
  public double[][] vcov() {
    return Matrices.copy(vcov);
  }

  public double standardError(int i) {
    return Math.sqrt(vcov[i][i]);
  }
}
