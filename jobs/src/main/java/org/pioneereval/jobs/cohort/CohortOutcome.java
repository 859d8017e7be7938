package org.pioneereval.jobs.cohort;

/**
 * The patient-level outcomes of the matched-cohort design, each counted over the 12 months before
 * the index month (a covariate of the propensity model and the DiD's pre period) and the 12 months
 * from it (the post period), so every value is per patient-year.
 */
public enum CohortOutcome {
  /** Emergency (non-elective) admissions. */
  EMERGENCY_ADMISSIONS(
      "emergency_admissions", "Emergency admissions", "admissions per patient-year", "emergency"),
  /** Elective admissions. */
  ELECTIVE_ADMISSIONS(
      "elective_admissions", "Elective admissions", "admissions per patient-year", "elective"),
  /** Inpatient cost: every spell costed at the national tariff of its admission method. */
  INPATIENT_COST("inpatient_cost", "Inpatient cost", "GBP per patient-year", null);

  private final String columnName;
  private final String label;
  private final String unit;
  private final String admissionMethod;

  CohortOutcome(String columnName, String label, String unit, String admissionMethod) {
    this.columnName = columnName;
    this.label = label;
    this.unit = unit;
    this.admissionMethod = admissionMethod;
  }

  /** Name in the results tables, e.g. {@code emergency_admissions}. */
  public String columnName() {
    return columnName;
  }

  public String label() {
    return label;
  }

  /** Unit of the difference (the rate ratio has none). */
  public String unit() {
    return unit;
  }

  /** True for costs (a cost ratio), false for counts (a rate ratio). */
  public boolean isCost() {
    return admissionMethod == null;
  }

  /** The admissions extract's {@code admission_method} counted; null for the cost outcome. */
  public String admissionMethod() {
    return admissionMethod;
  }

  /** Column of the 12 months before the index month, e.g. {@code pre_emergency_admissions}. */
  public String preColumn() {
    return "pre_" + columnName;
  }

  /** Column of the 12 months from the index month, e.g. {@code post_emergency_admissions}. */
  public String postColumn() {
    return "post_" + columnName;
  }

  /** The outcome whose name is {@code columnName}. */
  public static CohortOutcome fromColumnName(String columnName) {
    for (CohortOutcome o : values()) {
      if (o.columnName.equals(columnName)) {
        return o;
      }
    }
    throw new IllegalArgumentException("Unknown cohort outcome " + columnName);
  }
}
