package org.pioneereval.estimators;

/**
 * Randomisation-inference result: the observed TWFE DiD estimate, the two-sided permutation p-value
 * {@code (1 + #{|b_perm| >= |b_obs|}) / (1 + R)} and the number of random permutations R.
 */
public record RandomizationResult(
    double estimate, double pValue, int permutations, int nClusters, int treatedClusters) {}
