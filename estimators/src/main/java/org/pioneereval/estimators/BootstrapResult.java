package org.pioneereval.estimators;

/**
 * Outcome of a wild cluster bootstrap test of {@code H0: b = nullValue} on the DiD coefficient: the
 * estimate and its CR1 (Stata) standard error and t statistic, the bootstrap p-value (share of
 * bootstrap |t*| at least |t|), and the confidence interval obtained by inverting the bootstrap
 * test ({@code {r : p(r) >= 1 - level}}).
 */
public record BootstrapResult(
    double estimate,
    double standardError,
    double tStatistic,
    double nullValue,
    double pValue,
    double ciLower,
    double ciUpper,
    double level,
    int draws,
    int nClusters,
    BootstrapWeights weights,
    boolean restricted) {}
