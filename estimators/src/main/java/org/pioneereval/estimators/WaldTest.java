package org.pioneereval.estimators;

/**
 * A joint Wald test of {@code q} linear restrictions reported as an F statistic, as Stata's {@code
 * test} after a regression: {@code F = b_S' V_SS^-1 b_S / q} with {@code df1 = q} and {@code df2}
 * the residual degrees of freedom of the variance type (G-1 for clustered, N-K otherwise).
 */
public record WaldTest(double statistic, int df1, double df2, double pValue) {}
