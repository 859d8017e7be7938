package org.pioneereval.jobs.cohort;

import org.apache.spark.api.java.JavaRDD;
import org.pioneereval.estimators.matching.CrossProductSource;
import org.pioneereval.estimators.matching.LogitCrossProducts;

/**
 * The propensity logit's sufficient statistics computed by Spark: each IRLS iteration maps every
 * partition of the (cached) covariate rows to a {@link LogitCrossProducts} state at the current
 * coefficients and reduces the states with {@link LogitCrossProducts#merge}, so one pass over the
 * data per iteration and only K x K numbers reach the driver (the Deequ analyzer-state pattern).
 *
 * <p>A row is {@code [1, x_1, ..., x_K-1, d]}: the model's columns (intercept first) followed by
 * the treatment indicator.
 */
final class SparkLogitCrossProducts implements CrossProductSource {
  private final JavaRDD<double[]> rows;
  private final int dimension;

  SparkLogitCrossProducts(JavaRDD<double[]> rows, int dimension) {
    this.rows = rows;
    this.dimension = dimension;
  }

  @Override
  public LogitCrossProducts crossProducts(double[] beta) {
    int k = dimension;
    return rows.aggregate(
        LogitCrossProducts.at(beta),
        (state, row) -> state.add(java.util.Arrays.copyOf(row, k), row[k], 1.0),
        LogitCrossProducts::merge);
  }
}
