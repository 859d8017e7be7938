package org.pioneereval.generator.internal;

import org.pioneereval.generator.Outcome;

/**
 * The four Likert items of the patient-experience extract, in column order. The latent score of a
 * response is intercept + site effect + trend x (wave - 2013) + effect + N(0, 1) noise, cut at
 * {@link ModelParameters#LIKERT_THRESHOLDS}.
 */
public enum SurveyItem {
  OVERALL_SATISFACTION(Outcome.OVERALL_SATISFACTION, 0.9, -0.01),
  CARE_COORDINATED(Outcome.CARE_COORDINATED, 0.3, 0.02),
  INVOLVED_IN_DECISIONS(Outcome.INVOLVED_IN_DECISIONS, 0.5, 0.0),
  KNEW_WHOM_TO_CONTACT(Outcome.KNEW_WHOM_TO_CONTACT, 0.6, 0.02);

  private final Outcome outcome;
  private final double intercept;
  private final double trendPerWave;

  SurveyItem(Outcome outcome, double intercept, double trendPerWave) {
    this.outcome = outcome;
    this.intercept = intercept;
    this.trendPerWave = trendPerWave;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** Mean latent score at wave 2013 across sites. */
  public double intercept() {
    return intercept;
  }

  /** Change of the latent mean per annual wave. */
  public double trendPerWave() {
    return trendPerWave;
  }

  /** The item measuring {@code outcome}, or null when it is not a survey item. */
  public static SurveyItem of(Outcome outcome) {
    for (SurveyItem item : values()) {
      if (item.outcome == outcome) {
        return item;
      }
    }
    return null;
  }
}
