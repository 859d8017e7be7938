package org.pioneereval.estimators.glm;

/**
 * How the variance of Poisson (and later other GLM) coefficients is estimated, with the
 * small-sample conventions of R {@code fixest} (default {@code ssc()}: {@code adj = TRUE, fixef.K =
 * "nested", cluster.adj = TRUE, cluster.df = "min"}).
 *
 * <p>All types use the bread {@code B = (X~'WX~)^-1}, X~ the regressors with the fixed effects
 * absorbed and W the IRLS weights, and the scores {@code s_i = w_i e_i x~_i} (e the working
 * residual). N is the number of observations used, K the number of parameters: the coefficients
 * plus {@code sum(fixed-effect sizes) - (number of fixed-effect dimensions - 1)}, minus {@code size
 * - 1} for each fixed-effect dimension nested in a cluster variable (fixest {@code fixef.K =
 * "nested"}).
 */
public enum GlmVarianceType {
  /** Model-based: {@code B * (N-1)/(N-K)} (fixest {@code vcov = "iid"}). */
  IID,
  /**
   * Heteroskedasticity-robust sandwich {@code B (sum_i s_i s_i') B * N/(N-K)} (fixest {@code vcov =
   * "hetero"}, the HC1 factor).
   */
  HETEROSKEDASTIC,
  /**
   * One-way cluster-robust sandwich {@code B (sum_g s_g s_g') B * G/(G-1) * (N-1)/(N-K)}, K leaving
   * out the fixed effects nested in the cluster variable (fixest {@code vcov = ~cluster}).
   */
  CLUSTERED,
  /**
   * Two-way cluster-robust sandwich (Cameron, Gelbach and Miller 2011): {@code B (M_A + M_B - M_AB)
   * B * G_min/(G_min-1) * (N-1)/(N-K)}, M the one-way meats of A, B and their intersection, G_min
   * the smaller cluster count, K leaving out fixed effects nested in A or B (fixest {@code vcov =
   * ~A + B}). Negative eigenvalues are set to zero when a variance is negative, as fixest does.
   */
  TWO_WAY_CLUSTERED;

  /** True for the types that need cluster variables. */
  public boolean isClustered() {
    return this == CLUSTERED || this == TWO_WAY_CLUSTERED;
  }
}
