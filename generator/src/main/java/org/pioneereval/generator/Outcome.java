package org.pioneereval.generator;

/**
 * The outcomes whose true effect the generator injects and records in {@code truth.json}.
 *
 * <p>Admission rates and cost per capita are measured per site and month; the patient-experience
 * items per site and annual survey wave. The {@link #columnName()} is the name the panel stage
 * gives the outcome's column, and the {@code name} of its entry in {@code truth.json}.
 */
public enum Outcome {
  /** Emergency admissions per 1,000 resident population per month. */
  EMERGENCY_ADMISSIONS_RATE(
      "emergency_admissions_rate",
      "admissions per 1,000 population per month",
      PanelLevel.SITE_MONTH),
  /** Elective admissions per 1,000 resident population per month. */
  ELECTIVE_ADMISSIONS_RATE(
      "elective_admissions_rate",
      "admissions per 1,000 population per month",
      PanelLevel.SITE_MONTH),
  /** Cost of all six care settings per resident per month, deflated to 2017/18 prices. */
  COST_PER_CAPITA(
      "cost_per_capita", "GBP per resident per month at 2017/18 prices", PanelLevel.SITE_MONTH),
  /** Mean Likert score (1-5) of the overall-satisfaction item. */
  OVERALL_SATISFACTION("overall_satisfaction", "mean score 1-5", PanelLevel.SITE_WAVE),
  /** Mean Likert score (1-5) of "my care was coordinated". */
  CARE_COORDINATED("care_coordinated", "mean score 1-5", PanelLevel.SITE_WAVE),
  /** Mean Likert score (1-5) of "I was involved in decisions about my care". */
  INVOLVED_IN_DECISIONS("involved_in_decisions", "mean score 1-5", PanelLevel.SITE_WAVE),
  /** Mean Likert score (1-5) of "I knew whom to contact". */
  KNEW_WHOM_TO_CONTACT("knew_whom_to_contact", "mean score 1-5", PanelLevel.SITE_WAVE);

  private final String columnName;
  private final String unit;
  private final PanelLevel panelLevel;

  Outcome(String columnName, String unit, PanelLevel panelLevel) {
    this.columnName = columnName;
    this.unit = unit;
    this.panelLevel = panelLevel;
  }

  /** The snake_case name of the outcome's panel column, e.g. {@code emergency_admissions_rate}. */
  public String columnName() {
    return columnName;
  }

  /** The unit the outcome, and its true effect, are expressed in. */
  public String unit() {
    return unit;
  }

  /** Whether the outcome is measured per site-month or per site-wave. */
  public PanelLevel panelLevel() {
    return panelLevel;
  }

  /**
   * True for the patient-experience items, whose configured effect is a shift of the latent score
   * rather than a relative change.
   */
  public boolean isSurveyItem() {
    return panelLevel == PanelLevel.SITE_WAVE;
  }

  /** The outcome whose {@link #columnName()} is {@code columnName}. */
  public static Outcome fromColumnName(String columnName) {
    for (Outcome outcome : values()) {
      if (outcome.columnName.equals(columnName)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("Unknown outcome column name: " + columnName);
  }
}
