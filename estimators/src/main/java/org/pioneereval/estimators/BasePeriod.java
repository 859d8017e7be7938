package org.pioneereval.estimators;

/**
 * The base period of each group-time effect in {@link CallawaySantAnna} (did: {@code base_period}).
 */
public enum BasePeriod {
  /**
   * Post-treatment cells compare with the last period before treatment (and anticipation);
   * pre-treatment cells compare each period with the one just before it (did: {@code "varying"},
   * the default). Pre-treatment effects are then short placebo differences.
   */
  VARYING,
  /**
   * Every cell compares with the last period before treatment (and anticipation); the cell of that
   * period itself is reported as a reference with effect 0 and no standard error (did: {@code
   * "universal"}), as in a regression event study with reference period -1.
   */
  UNIVERSAL
}
