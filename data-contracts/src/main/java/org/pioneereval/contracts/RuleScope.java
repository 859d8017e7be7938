package org.pioneereval.contracts;

/** Where the pipeline decides a {@link QualityRule}: row by row, or once per drop. */
public enum RuleScope {
  /**
   * Decided for each row: a row for which {@link QualityRule#rowCondition()} is TRUE violates the
   * rule and is quarantined with the rule id. Rules whose threshold is {@code mustBe: 0} with unit
   * {@code rows} and whose metric can be decided from one row (nullValues, missingValues,
   * invalidValues, sql).
   */
  ROW,
  /**
   * Decided once per drop from an aggregate metric compared with {@link QualityRule#threshold()}:
   * rowCount, duplicateValues, and percentage thresholds. A failed error-severity batch rule
   * rejects the drop; a failed warning is reported and the drop goes on.
   */
  BATCH
}
