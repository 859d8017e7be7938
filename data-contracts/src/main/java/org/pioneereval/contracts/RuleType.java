package org.pioneereval.contracts;

/**
 * The kind of a {@link QualityRule}: the five ODCS v3.1 library metrics and ODCS {@code sql} rules.
 */
public enum RuleType {
  /** ODCS metric {@code nullValues}: counts nulls in a column. */
  NULL_VALUES("nullValues"),
  /** ODCS metric {@code missingValues}: counts nulls and placeholder values (blank, N/A, ...). */
  MISSING_VALUES("missingValues"),
  /**
   * ODCS metric {@code invalidValues}: counts values outside {@code validValues} or {@code
   * pattern}.
   */
  INVALID_VALUES("invalidValues"),
  /** ODCS metric {@code duplicateValues}: rows minus distinct values of a column or column set. */
  DUPLICATE_VALUES("duplicateValues"),
  /** ODCS metric {@code rowCount}: the number of rows of a drop. */
  ROW_COUNT("rowCount"),
  /** ODCS {@code type: sql}: a failing-row count query over {@code {object}}. */
  SQL("sql");

  private final String odcsName;

  RuleType(String odcsName) {
    this.odcsName = odcsName;
  }

  /** The ODCS metric name ({@code nullValues}, ...) or {@code sql}. */
  public String odcsName() {
    return odcsName;
  }

  static java.util.Optional<RuleType> fromMetric(String metric) {
    for (RuleType type : values()) {
      if (type != SQL && type.odcsName.equals(metric)) {
        return java.util.Optional.of(type);
      }
    }
    return java.util.Optional.empty();
  }
}
