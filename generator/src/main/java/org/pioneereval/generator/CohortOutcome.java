package org.pioneereval.generator;

/**
 * The patient-level outcomes of the matched-cohort design whose true effect on the enrolled
 * patients {@code truth.json} states (see {@link CohortTruth}). Each is counted per patient over a
 * 12-month window from the patient's admissions (joined to the patient register on {@code
 * patient_key}).
 */
public enum CohortOutcome {
  /** Emergency admissions per patient-year. */
  EMERGENCY_ADMISSIONS("emergency_admissions", "emergency admissions per patient-year"),
  /** Elective admissions per patient-year. */
  ELECTIVE_ADMISSIONS("elective_admissions", "elective admissions per patient-year"),
  /**
   * Inpatient cost per patient-year: every spell (emergency, elective, other) costed at {@link
   * org.pioneereval.contracts.SpellTariff}.
   */
  INPATIENT_COST(
      "inpatient_cost", "GBP per patient-year at 2017/18 prices (spells x national spell tariff)");

  private final String name;
  private final String unit;

  CohortOutcome(String name, String unit) {
    this.name = name;
    this.unit = unit;
  }

  /**
   * The snake_case name of the outcome in {@code truth.json}, e.g. {@code emergency_admissions}.
   */
  public String outcomeName() {
    return name;
  }

  /** The unit the outcome and its true effect are expressed in. */
  public String unit() {
    return unit;
  }

  /** The outcome whose {@link #outcomeName()} is {@code name}. */
  public static CohortOutcome fromOutcomeName(String name) {
    for (CohortOutcome outcome : values()) {
      if (outcome.name.equals(name)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("Unknown cohort outcome name: " + name);
  }
}
