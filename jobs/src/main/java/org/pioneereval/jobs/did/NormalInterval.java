package org.pioneereval.jobs.did;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Large-sample inference for an estimate with an influence-function standard error (Callaway and
 * Sant'Anna, as R {@code did} reports it): {@code z = estimate / se}, two-sided normal p-value and
 * 95% interval; NaN throughout when the SE is not defined.
 */
public record NormalInterval(double z, double pValue, double lower, double upper) {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

  /** 1.959964: the 97.5% normal quantile. */
  public static final double Z_95 = NORMAL.inverseCumulativeProbability(0.975);

  public static NormalInterval of(double estimate, double standardError) {
    if (!(standardError > 0.0) || !Double.isFinite(standardError)) {
      return new NormalInterval(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double z = estimate / standardError;
    return new NormalInterval(
        z,
        2.0 * NORMAL.cumulativeProbability(-Math.abs(z)),
        estimate - Z_95 * standardError,
        estimate + Z_95 * standardError);
  }
}
