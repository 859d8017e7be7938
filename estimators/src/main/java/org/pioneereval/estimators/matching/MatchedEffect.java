package org.pioneereval.estimators.matching;

import org.pioneereval.estimators.RegressionResult;
import org.pioneereval.estimators.VarianceType;

/**
 * The treatment coefficient of a {@link MatchedOutcomeRegression}, with the full regression.
 *
 * @param estimate coefficient of the treatment indicator (the ATT)
 * @param standardError its standard error under {@link #varianceType()}
 * @param tStatistic estimate / standard error
 * @param pValue two-sided p-value from t with the residual degrees of freedom N-K, as R {@code
 *     lmtest::coeftest(fit, vcov. = vcovCL)} prints it for an {@code lm} fit (the regression's own
 *     {@link RegressionResult#pValue(int)} uses G-1 for clustered variances, as Stata)
 * @param residualDegreesOfFreedom N-K
 * @param varianceType CR1_STATA clustered on the matched pair (= sandwich {@code vcovCL} defaults
 *     for lm), or HC1 with replacement or weights (= sandwich {@code vcovHC(type = "HC1")})
 * @param regression the whole fit (all coefficients and their SEs)
 */
public record MatchedEffect(
    double estimate,
    double standardError,
    double tStatistic,
    double pValue,
    double residualDegreesOfFreedom,
    VarianceType varianceType,
    RegressionResult regression) {}
