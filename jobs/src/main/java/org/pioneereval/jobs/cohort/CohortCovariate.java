package org.pioneereval.jobs.cohort;

/**
 * The covariates of the propensity model and of the balance table, in model order (the intercept
 * comes first in the model and is not a covariate). Age bands enter as indicators with 0-17 as the
 * reference; prior utilisation is the 12 months before the index month.
 */
public enum CohortCovariate {
  AGE_18_44("age_18_44", "Age 18-44"),
  AGE_45_64("age_45_64", "Age 45-64"),
  AGE_65_74("age_65_74", "Age 65-74"),
  AGE_75_84("age_75_84", "Age 75-84"),
  AGE_85_PLUS("age_85_plus", "Age 85+"),
  FEMALE("female", "Female"),
  LONG_TERM_CONDITION("long_term_condition", "Long-term condition"),
  IMD_QUINTILE("imd_quintile", "Deprivation quintile (1 = most deprived)"),
  PRIOR_EMERGENCY("prior_emergency_admissions", "Emergency admissions, prior 12 months"),
  PRIOR_ELECTIVE("prior_elective_admissions", "Elective admissions, prior 12 months"),
  PRIOR_COST("prior_inpatient_cost_gbp_000", "Inpatient cost, prior 12 months (GBP 000s)");

  /** Name of the model's intercept, first in the coefficient list. */
  public static final String INTERCEPT = "(Intercept)";

  private final String columnName;
  private final String label;

  CohortCovariate(String columnName, String label) {
    this.columnName = columnName;
    this.label = label;
  }

  public String columnName() {
    return columnName;
  }

  public String label() {
    return label;
  }

  /** The covariate whose name is {@code columnName}. */
  public static CohortCovariate fromColumnName(String columnName) {
    for (CohortCovariate c : values()) {
      if (c.columnName.equals(columnName)) {
        return c;
      }
    }
    throw new IllegalArgumentException("Unknown cohort covariate " + columnName);
  }
}
