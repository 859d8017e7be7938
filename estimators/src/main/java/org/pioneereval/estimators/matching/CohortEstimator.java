package org.pioneereval.estimators.matching;

/** Which estimator of {@link MatchedCohortDid} produced a {@link CohortEffect}. */
public enum CohortEstimator {
  /**
   * Difference in weighted mean changes {@code y_post - y_pre}, treated minus controls (WLS of the
   * change on an intercept and the treatment indicator); on the outcome's own scale.
   */
  DIFFERENCE_IN_MEAN_CHANGES,
  /**
   * Rate ratio from Poisson pseudo-maximum likelihood with patient and period fixed effects on the
   * two-period panel (fixest {@code fepois(y ~ treat_post | patient + period)}); multiplicative.
   */
  POISSON_RATE_RATIO
}
