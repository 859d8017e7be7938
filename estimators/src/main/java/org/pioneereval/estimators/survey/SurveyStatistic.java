package org.pioneereval.estimators.survey;

/** The kind of design-based estimate in a {@link SurveyEstimate}. */
public enum SurveyStatistic {
  /** {@code sum w y} (R {@code svytotal}). */
  TOTAL,
  /** {@code sum w y / sum w} (R {@code svymean}; in a domain {@code svyby} or {@code subset}). */
  MEAN,
  /** {@code sum w y / sum w x} (R {@code svyratio}). */
  RATIO
}
