package org.pioneereval.estimators.matching;

/**
 * Balance of one covariate between treated and control units, one row of MatchIt's {@code
 * summary()} table (see {@link BalanceTable} for the formulas).
 *
 * @param covariate the covariate name
 * @param binary whether all values are 0 or 1 (no variance ratio; eCDF statistics = |difference in
 *     means|)
 * @param meanTreated weighted mean among the treated
 * @param meanControl weighted mean among the controls
 * @param standardizedMeanDifference (meanTreated - meanControl) / SD of the unweighted treated
 * @param varianceRatio weighted variance treated / control; NaN for binary covariates
 * @param ecdfMean mean of |F_T - F_C| over the distinct values of the covariate
 * @param ecdfMax max of |F_T - F_C| over the distinct values
 * @param standardizedPairDistance mean |x_t - x_c| over matched pairs / SD of the unweighted
 *     treated; NaN when there are no pairs (before matching, or weighting)
 */
public record CovariateBalance(
    String covariate,
    boolean binary,
    double meanTreated,
    double meanControl,
    double standardizedMeanDifference,
    double varianceRatio,
    double ecdfMean,
    double ecdfMax,
    double standardizedPairDistance) {}
