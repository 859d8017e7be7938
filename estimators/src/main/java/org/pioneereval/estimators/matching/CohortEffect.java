package org.pioneereval.estimators.matching;

import org.pioneereval.estimators.ConfidenceInterval;
import org.pioneereval.estimators.VarianceType;

/**
 * One effect estimate of a {@link MatchedCohortDid}, with what produced it.
 *
 * <p>For {@link CohortEstimator#DIFFERENCE_IN_MEAN_CHANGES} the coefficient and the estimate are
 * the same number (outcome units per patient-year); for {@link CohortEstimator#POISSON_RATE_RATIO}
 * the coefficient is the log rate ratio b, the estimate is {@code exp(b)}, the standard error is
 * that of b and the interval is {@code exp(b -+ q se)}.
 *
 * @param estimator which estimator
 * @param varianceType {@link VarianceType#CR1_STATA} (difference, clustered), {@link
 *     VarianceType#HC1} (difference, heteroskedasticity-robust) or {@link VarianceType#CR1_FIXEST}
 *     (rate ratio, clustered)
 * @param estimate the difference, or the rate ratio {@code exp(b)}
 * @param coefficient the model coefficient: the difference, or the log rate ratio b
 * @param standardError standard error of {@link #coefficient()}
 * @param tStatistic coefficient / standard error
 * @param pValue two-sided, from t with {@link #degreesOfFreedom()}
 * @param degreesOfFreedom G-1 for the clustered variances (Stata, fixest), N-K for HC1 (Stata)
 * @param confidenceInterval on the scale of {@link #estimate()}, t quantiles with {@link
 *     #degreesOfFreedom()}
 * @param clusters G, the clusters with at least one patient in the fit
 * @param observations N: patients with weight > 0 (difference), or 2 x patients with weight > 0 and
 *     a positive total outcome (rate ratio: two periods per patient)
 * @param parameters K in the small-sample factor: 2 (difference), 3 (rate ratio: treat_post, the
 *     period effect and one for the patient effects nested in the clusters, as fixest counts)
 * @param smallSampleFactor the factor applied to the sandwich: {@code G/(G-1) (N-1)/(N-K)}
 *     (clustered) or {@code N/(N-K)} (HC1)
 * @param treated the treated group as used
 * @param control the control group as used
 */
public record CohortEffect(
    CohortEstimator estimator,
    VarianceType varianceType,
    double estimate,
    double coefficient,
    double standardError,
    double tStatistic,
    double pValue,
    double degreesOfFreedom,
    ConfidenceInterval confidenceInterval,
    int clusters,
    long observations,
    int parameters,
    double smallSampleFactor,
    CohortGroupSummary treated,
    CohortGroupSummary control) {

  /** The change in percent {@code 100 (estimate - 1)} of a rate ratio (NaN for a difference). */
  public double percentChange() {
    return estimator == CohortEstimator.POISSON_RATE_RATIO ? 100.0 * (estimate - 1.0) : Double.NaN;
  }
}
