package org.pioneereval.estimators.matching;

import org.pioneereval.estimators.EstimationErrors;

/**
 * Inverse-probability weights for the average treatment effect on the treated (ATT "odds" weights;
 * Hirano, Imbens and Ridder 2003; R WeightIt {@code estimand = "ATT"}): a treated unit gets 1, a
 * control {@code p/(1-p)} with p its propensity score, so that the weighted controls resemble the
 * treated. The weights are not normalised (balance statistics and weighted means are invariant to
 * rescaling within a group). Check balance and the controls' effective sample size with {@link
 * BalanceTable}: a few controls with p near 1 can dominate.
 */
public final class InverseProbabilityWeights {
  private InverseProbabilityWeights() {}

  /** ATT odds weights; every propensity score must lie strictly between 0 and 1. */
  public static WeightedSample att(double[] propensityScore, boolean[] treated) {
    int n = propensityScore.length;
    if (treated.length != n) {
      throw EstimationErrors.matchingLengthMismatch("treated", treated.length, n);
    }
    double[] w = new double[n];
    int nt = 0;
    for (int i = 0; i < n; i++) {
      double p = propensityScore[i];
      if (!(p > 0.0 && p < 1.0)) {
        throw EstimationErrors.invalidPropensityScore(i, p);
      }
      if (treated[i]) {
        w[i] = 1.0;
        nt++;
      } else {
        w[i] = p / (1.0 - p);
      }
    }
    if (nt == 0) {
      throw EstimationErrors.noUnitsInGroup("treated");
    }
    if (nt == n) {
      throw EstimationErrors.noUnitsInGroup("control");
    }
    return new WeightedSample("ATT odds weights: treated 1, control p/(1-p)", w);
  }
}
