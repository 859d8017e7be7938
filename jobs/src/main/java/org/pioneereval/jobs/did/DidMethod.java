package org.pioneereval.jobs.did;

import java.util.Locale;
import org.pioneereval.jobs.runtime.PipelineErrors;

/** The estimators {@code pioneer-eval did} runs, by the name {@code --estimator} takes. */
public enum DidMethod {
  /**
   * Two-way fixed effects: outcome on the treated-and-post indicator with unit and period effects
   * ({@link org.pioneereval.estimators.TwoWayFixedEffectsDid}); the only method with wild cluster
   * bootstrap and randomisation inference.
   */
  TWFE("twfe"),
  /**
   * Canonical 2x2: ever-treated vs never-treated units, periods before the first adoption vs
   * periods from the last adoption on ({@link org.pioneereval.estimators.TwoByTwoDid}); with one
   * adoption date this is the textbook before/after comparison.
   */
  TWO_BY_TWO("2x2"),
  /**
   * Dynamic TWFE with one coefficient per event time around adoption and the joint pre-trend Wald
   * test ({@link org.pioneereval.estimators.EventStudy}).
   */
  EVENT_STUDY("event-study"),
  /**
   * Callaway and Sant'Anna (2021) group-time effects ATT(g,t) and their aggregation ({@link
   * org.pioneereval.estimators.CallawaySantAnna}, R {@code did}): on a balanced panel, an
   * unbalanced panel or repeated cross-sections, with never- or not-yet-treated comparisons,
   * covariates by outcome regression, IPW or doubly robust estimation, analytic influence-function
   * SEs and an optional multiplier bootstrap clustered by {@code --cluster}.
   */
  CALLAWAY_SANT_ANNA("cs"),
  /**
   * Sun and Abraham (2021) interaction-weighted event study and ATT ({@link
   * org.pioneereval.estimators.SunAbraham}, fixest {@code sunab}) with never-treated units as the
   * control cohort.
   */
  SUN_ABRAHAM("sun-abraham"),
  /**
   * Goodman-Bacon (2021) decomposition of the TWFE coefficient of a balanced panel into its 2x2
   * comparisons ({@link org.pioneereval.estimators.GoodmanBaconDecomposition}, R {@code
   * bacondecomp}).
   */
  GOODMAN_BACON("bacon");

  private final String optionValue;

  DidMethod(String optionValue) {
    this.optionValue = optionValue;
  }

  /** The value {@code --estimator} takes and the JSON result reports. */
  public String optionValue() {
    return optionValue;
  }

  /** True for the estimators of staggered adoption: they work with whole-period cohorts. */
  public boolean isStaggered() {
    return this == CALLAWAY_SANT_ANNA || this == SUN_ABRAHAM || this == GOODMAN_BACON;
  }

  /** Parses an {@code --estimator} value, ignoring case. */
  public static DidMethod fromOption(String value) {
    for (DidMethod m : values()) {
      if (m.optionValue.equals(value.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw PipelineErrors.didUnknownEstimator(value);
  }
}
