package org.pioneereval.estimators.matching;

/**
 * Where {@link LogisticRegression} gets the sufficient statistics of one IRLS iteration: given the
 * current coefficients, return the merged {@link LogitCrossProducts} of all rows. The estimator
 * never sees a row, so the same IRLS runs on an in-memory array ({@link InMemoryCrossProducts}) or
 * on a distributed data set (a Spark job that maps each partition to a state at {@code beta} and
 * reduces the states with {@link LogitCrossProducts#merge}): one pass over the data per iteration,
 * K x K numbers to the driver.
 */
@FunctionalInterface
public interface CrossProductSource {
  /**
   * The cross-products of all rows at {@code beta} (the array is a copy the source may keep).
   *
   * @param beta the current coefficients, one per covariate column
   */
  LogitCrossProducts crossProducts(double[] beta);
}
