package org.pioneereval.jobs.panel;

import org.pioneereval.contracts.PriceIndex;

/**
 * The outcomes the panel stage builds and the estimate stage evaluates, each with the panel it
 * lives in and its unit. Column names equal the generator's outcome names so that a demo can put
 * the injected truth beside each estimate.
 */
public enum PanelOutcome {
  EMERGENCY_ADMISSIONS_RATE(
      "emergency_admissions_rate",
      Level.SITE_MONTH,
      "emergency admissions per 1,000 population per month",
      "Emergency admissions"),
  ELECTIVE_ADMISSIONS_RATE(
      "elective_admissions_rate",
      Level.SITE_MONTH,
      "elective admissions per 1,000 population per month",
      "Elective admissions"),
  COST_PER_CAPITA(
      "cost_per_capita",
      Level.SITE_MONTH,
      "GBP per resident per month at "
          + PriceIndex.BASE_YEAR
          + "/"
          + (PriceIndex.BASE_YEAR % 100 + 1)
          + " prices",
      "Cost of care (all settings)"),
  OVERALL_SATISFACTION(
      "overall_satisfaction", Level.SITE_WAVE, "mean score 1-5", "Overall satisfaction"),
  CARE_COORDINATED("care_coordinated", Level.SITE_WAVE, "mean score 1-5", "Care felt coordinated"),
  INVOLVED_IN_DECISIONS(
      "involved_in_decisions", Level.SITE_WAVE, "mean score 1-5", "Involved in decisions"),
  KNEW_WHOM_TO_CONTACT(
      "knew_whom_to_contact", Level.SITE_WAVE, "mean score 1-5", "Knew whom to contact");

  /** The panel an outcome is measured in. */
  public enum Level {
    SITE_MONTH,
    SITE_WAVE
  }

  private final String columnName;
  private final Level level;
  private final String unit;
  private final String label;

  PanelOutcome(String columnName, Level level, String unit, String label) {
    this.columnName = columnName;
    this.level = level;
    this.unit = unit;
    this.label = label;
  }

  public String columnName() {
    return columnName;
  }

  public Level level() {
    return level;
  }

  public String unit() {
    return unit;
  }

  public String label() {
    return label;
  }
}
