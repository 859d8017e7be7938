package org.pioneereval.estimators.matching;

/**
 * Unit weights from a weighting estimator (e.g. {@link InverseProbabilityWeights}), with a
 * description of how they were formed.
 *
 * @param method how the weights were computed
 * @param weights one weight per unit (0 = not used)
 */
public record WeightedSample(String method, double[] weights) {
  public WeightedSample {
    weights = weights.clone();
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }
}
