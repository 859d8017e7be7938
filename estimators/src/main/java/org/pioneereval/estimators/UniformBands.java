package org.pioneereval.estimators;

/**
 * Multiplier-bootstrap inference for a set of effects: bootstrap standard errors and the uniform
 * (sup-t) critical value; the simultaneous band of effect k is {@code estimates[k] +- criticalValue
 * * standardErrors[k]}. Records the draws and seed that produced it, and the number of independent
 * multipliers per draw: the units (observations for repeated cross-sections), or the clusters of a
 * {@link MultiplierBootstrap#clustered} bootstrap.
 */
public record UniformBands(
    double[] estimates,
    double[] standardErrors,
    double criticalValue,
    double level,
    int iterations,
    long seed,
    int multipliers) {

  public UniformBands {
    estimates = estimates.clone();
    standardErrors = standardErrors.clone();
  }

  @Override
  public double[] estimates() {
    return estimates.clone();
  }

  @Override
  public double[] standardErrors() {
    return standardErrors.clone();
  }

  public double lower(int k) {
    return estimates[k] - criticalValue * standardErrors[k];
  }

  public double upper(int k) {
    return estimates[k] + criticalValue * standardErrors[k];
  }
}
