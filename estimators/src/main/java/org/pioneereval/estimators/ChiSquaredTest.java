package org.pioneereval.estimators;

/**
 * An asymptotic Wald test reported as a chi-squared statistic with {@code degreesOfFreedom}
 * restrictions and its upper-tail p-value (R {@code did}: the pre-test of parallel trends).
 */
public record ChiSquaredTest(double statistic, int degreesOfFreedom, double pValue) {}
