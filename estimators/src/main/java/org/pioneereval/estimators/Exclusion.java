package org.pioneereval.estimators;

/**
 * Something an estimator left out or re-coded, and why: reported as a value on the result, never
 * silently. {@code group} is the cohort (first treated period) concerned, {@code period} the
 * calendar period of a dropped group-time cell (0 when the exclusion is not about one cell), {@code
 * units} the number of units concerned.
 */
public record Exclusion(Reason reason, int group, int period, int units, String detail) {
  /** Why units, cohorts, periods or cells were left out. */
  public enum Reason {
    /**
     * Units treated in the first period (or within the anticipation window of it): no pre-period.
     */
    ALWAYS_TREATED,
    /** Units first treated after the last period: they are re-coded as never treated. */
    TREATED_AFTER_LAST_PERIOD,
    /**
     * Not-yet-treated comparisons without never-treated units: the last cohort serves as the
     * comparison and periods from its adoption on are dropped (as did does).
     */
    LAST_COHORT_USED_AS_COMPARISON,
    /** A group-time cell without any comparison unit (or observation, in one of its periods). */
    NO_COMPARISON_UNITS,
    /**
     * Repeated cross-sections and unbalanced panels: a cell whose cohort has no observation in its
     * period or its base period.
     */
    NO_TREATED_OBSERVATIONS,
    /** A group-time cell with fewer treated or comparison units than the minimum cell size. */
    CELL_BELOW_MINIMUM_SIZE,
    /**
     * A cell whose estimated propensity score reaches 0.999 for some unit (no overlap) or whose
     * logit does not converge.
     */
    PROPENSITY_SCORE_NEAR_ONE,
    /** A cell whose comparison units cannot support the outcome regression (singular X'X). */
    OUTCOME_REGRESSION_SINGULAR
  }
}
