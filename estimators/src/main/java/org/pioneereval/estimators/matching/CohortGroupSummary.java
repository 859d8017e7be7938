package org.pioneereval.estimators.matching;

/**
 * One group of a matched cohort as the estimators saw it (patients with a positive weight only).
 *
 * @param patients patients with weight > 0
 * @param patientsWithOutcome of these, patients with {@code y_pre + y_post > 0} (the ones the
 *     Poisson fixed-effects fit keeps)
 * @param sumOfWeights {@code sum w}
 * @param meanPre weighted mean outcome in the 12 months before index, {@code sum w y_pre / sum w}
 * @param meanPost weighted mean outcome in the 12 months after index
 */
public record CohortGroupSummary(
    long patients, long patientsWithOutcome, double sumOfWeights, double meanPre, double meanPost) {

  /** Weighted mean change {@code meanPost - meanPre}. */
  public double meanChange() {
    return meanPost - meanPre;
  }
}
