package org.pioneereval.estimators;

/**
 * How covariates enter each 2x2 comparison of {@link CallawaySantAnna} (did: {@code est_method}).
 * Without covariates all three are the unconditional difference of mean outcome changes.
 */
public enum EstimationMethod {
  /**
   * Outcome regression (Heckman, Ichimura and Todd 1997): the comparison units' outcome change is
   * regressed on the covariates and predicted for the treated (DRDID {@code reg_did_panel}, did
   * {@code "reg"}).
   */
  REGRESSION,
  /**
   * Normalised (Hajek) inverse probability weighting (Abadie 2005) with a logit propensity score
   * (DRDID {@code std_ipw_did_panel}, did {@code "ipw"}).
   */
  INVERSE_PROBABILITY_WEIGHTING,
  /**
   * Doubly robust: IPW-weighted comparison of outcome-regression residuals (Sant'Anna and Zhao
   * 2020, DRDID {@code drdid_panel}, did {@code "dr"}, Stata {@code csdid, method(dripw)}); the
   * default.
   */
  DOUBLY_ROBUST
}
