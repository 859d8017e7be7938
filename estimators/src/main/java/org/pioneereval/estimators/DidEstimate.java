package org.pioneereval.estimators;

/**
 * A difference-in-differences effect with its standard error and t-based inference. The 95%
 * interval is {@code estimate +- t_{0.975, df} * se} with {@code df = G-1} for clustered variances
 * and {@code N-K} otherwise, as Stata {@code didregress} and R {@code fixest} print it. The full
 * underlying regression is available through {@link #regression()}.
 */
public final class DidEstimate {
  private final RegressionResult regression;
  private final int index;

  DidEstimate(RegressionResult regression, int index) {
    this.regression = regression;
    this.index = index;
  }

  public double estimate() {
    return regression.coefficient(index);
  }

  public double standardError() {
    return regression.standardError(index);
  }

  public double tStatistic() {
    return regression.tStatistic(index);
  }

  /** Two-sided p-value of no effect. */
  public double pValue() {
    return regression.pValue(index);
  }

  /** Lower end of the 95% confidence interval. */
  public double ciLower() {
    return confidenceInterval(0.95).lower();
  }

  /** Upper end of the 95% confidence interval. */
  public double ciUpper() {
    return confidenceInterval(0.95).upper();
  }

  public ConfidenceInterval confidenceInterval(double level) {
    return regression.confidenceInterval(index, level);
  }

  public double degreesOfFreedom() {
    return regression.degreesOfFreedom();
  }

  public long nObservations() {
    return regression.nObservations();
  }

  /** Number of clusters G (0 for IID/HC1). */
  public int nClusters() {
    return regression.nClusters();
  }

  public VarianceType varianceType() {
    return regression.varianceType();
  }

  /** The whole regression the effect was read from (other coefficients, vcov, Wald tests). */
  public RegressionResult regression() {
    return regression;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "DidEstimate{estimate=%.7g, se=%.7g, t=%.4f, p=%.4g, 95%% CI=[%.7g, %.7g], N=%d, G=%d,"
            + " %s}",
        estimate(),
        standardError(),
        tStatistic(),
        pValue(),
        ciLower(),
        ciUpper(),
        nObservations(),
        nClusters(),
        varianceType());
  }
}
