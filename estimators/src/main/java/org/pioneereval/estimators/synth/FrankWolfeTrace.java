package org.pioneereval.estimators.synth;

/**
 * How the Frank-Wolfe solver of one weight problem ended: iterations of the first round (before
 * sparsifying, at most {@link SynthParameters#iterationsBeforeSparsify()}), iterations of the
 * second round (at most {@link SynthParameters#maxIterations()}; reaching the cap means the weights
 * are those of the last iteration, not the exact optimum, as in {@code synthdid}) and the final
 * objective {@code zeta^2 |x|^2 + |A x - b|^2 / rows(A)}. {@link #NOT_FITTED} for weights that the
 * method fixes.
 */
public record FrankWolfeTrace(
    int firstRoundIterations, int secondRoundIterations, double objective) {
  /** The trace of weights that were not fitted (uniform or zero). */
  public static final FrankWolfeTrace NOT_FITTED = new FrankWolfeTrace(0, 0, Double.NaN);

  /** True when the second round stopped at the iteration cap rather than by the decrease rule. */
  public boolean reachedCap(SynthParameters parameters) {
    return secondRoundIterations >= parameters.maxIterations();
  }
}
