package org.pioneereval.estimators.matching;

/** The two groups of a matched patient cohort. */
public enum CohortGroup {
  /** Patients of the programme (index date = go-live), weight 1 when matched. */
  TREATED,
  /** Comparison-site patients (pseudo index date), with their matching weights. */
  CONTROL
}
