package org.pioneereval.estimators;

/**
 * How the variance of the coefficients is estimated, with the small-sample conventions of the
 * reference software spelled out.
 *
 * <p>N is the number of observations, G the number of clusters, K the number of estimated
 * parameters including absorbed fixed effects unless stated otherwise. The sandwich is {@code
 * (X'WX)^-1 (sum_g s_g s_g') (X'WX)^-1} with cluster scores {@code s_g = X_g' W_g u_g}.
 */
public enum VarianceType {
  /** Classical OLS/WLS variance {@code s^2 (X'WX)^-1}, {@code s^2 = u'Wu/(N-K)}; t with N-K df. */
  IID,
  /**
   * Heteroskedasticity-robust (White) variance with the Stata/{@code sandwich} HC1 factor {@code
   * N/(N-K)}; each observation is its own cluster; t with N-K df.
   */
  HC1,
  /**
   * Cluster-robust variance as Stata {@code regress/areg/didregress, vce(cluster)}: factor {@code
   * G/(G-1) * (N-1)/(N-K)}, K <b>counting</b> all absorbed fixed effects; t with G-1 df.
   */
  CR1_STATA,
  /**
   * Cluster-robust variance as R {@code fixest} (default {@code ssc}) and Stata {@code reghdfe}:
   * factor {@code G/(G-1) * (N-1)/(N-K)}, K <b>leaving out</b> fixed effects nested in the cluster
   * variable (each nested set contributes {@code size-1} fewer parameters); t with G-1 df.
   */
  CR1_FIXEST,
  /**
   * Bell and McCaffrey (2002) bias-reduced linearisation, as R {@code clubSandwich::vcovCR(type =
   * "CR2")}: scores use {@code (I - H_gg)^{-1/2} u_g}; no further factor; t with G-1 df (as for
   * CR1). Needs the rows inside each cluster, so it is available only on observation-level input.
   */
  CR2;

  /** True for the variance types that need a cluster identifier. */
  public boolean isClustered() {
    return this == CR1_STATA || this == CR1_FIXEST || this == CR2;
  }
}
