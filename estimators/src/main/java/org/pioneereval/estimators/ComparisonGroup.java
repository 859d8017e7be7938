package org.pioneereval.estimators;

/**
 * Which units serve as comparisons for a cohort in {@link CallawaySantAnna} (did: {@code
 * control_group}).
 */
public enum ComparisonGroup {
  /** Units never treated in the sample (did: {@code "nevertreated"}, the default). */
  NEVER_TREATED,
  /**
   * Never-treated units plus units not yet treated (nor anticipating) by the later of the current
   * and the base period (did: {@code "notyettreated"}).
   */
  NOT_YET_TREATED
}
