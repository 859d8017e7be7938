package org.pioneereval.estimators;

/**
 * One event-time coefficient: the effect {@code eventTime} periods after adoption (negative =
 * leads) relative to the reference period, with its standard error, t statistic, two-sided p-value
 * and 95% confidence interval.
 */
public record EventStudyCoefficient(
    int eventTime,
    double estimate,
    double standardError,
    double tStatistic,
    double pValue,
    double ciLower,
    double ciUpper) {}
