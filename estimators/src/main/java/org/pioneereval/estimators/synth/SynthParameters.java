package org.pioneereval.estimators.synth;

/**
 * The parameters that produced a {@link SynthEstimate}, named as in the R package {@code synthdid}.
 *
 * @param method the estimator
 * @param noiseLevel {@code sigma}: the standard deviation of all first differences of the control
 *     units' pre-period outcomes ({@code sd(apply(Y[1:N0, 1:T0], 1, diff))}); NaN for {@link
 *     SynthMethod#DID}, which fits nothing
 * @param unitEta {@code eta_omega}: {@code (N1 T1)^(1/4)} for regularised methods, {@code 1e-6}
 *     otherwise, unless overridden
 * @param timeEta {@code eta_lambda}, {@code 1e-6} unless overridden
 * @param zetaOmega ridge of the unit-weight problem, {@code eta_omega * sigma}
 * @param zetaLambda ridge of the time-weight problem, {@code eta_lambda * sigma}
 * @param minDecrease Frank-Wolfe stops after an iteration that lowers the objective by at most
 *     {@code minDecrease^2}; {@code 1e-5 sigma}
 * @param iterationsBeforeSparsify Frank-Wolfe iterations of the first round (100), after which
 *     weights {@code <= max/4} are set to 0 and the rest renormalised
 * @param maxIterations the cap on Frank-Wolfe iterations of the second round (10,000)
 */
public record SynthParameters(
    SynthMethod method,
    double noiseLevel,
    double unitEta,
    double timeEta,
    double zetaOmega,
    double zetaLambda,
    double minDecrease,
    int iterationsBeforeSparsify,
    int maxIterations) {}
