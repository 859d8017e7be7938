package org.pioneereval.estimators.matching;

import java.util.stream.IntStream;
import org.pioneereval.estimators.EstimationErrors;

/**
 * A {@link CrossProductSource} over rows held in memory: {@code rows[i]} is the covariate vector of
 * unit i (with a leading 1 for the intercept), {@code treated[i]} its outcome. Each pass splits the
 * rows into fixed blocks of {@value #BLOCK} rows, computes one {@link LogitCrossProducts} per block
 * in parallel and merges them in block order, so the result does not depend on the number of cores
 * (the same merge a Spark job performs over partitions).
 *
 * <p>The arrays are checked once and not copied (a propensity model may have millions of rows);
 * callers must not modify them while the source is in use.
 */
public final class InMemoryCrossProducts implements CrossProductSource {
  static final int BLOCK = 1 << 15;

  private final double[][] rows;
  private final boolean[] treated;
  private final double[] weights;
  private final int dimension;

  private InMemoryCrossProducts(double[][] rows, boolean[] treated, double[] weights) {
    this.rows = rows;
    this.treated = treated;
    this.weights = weights;
    this.dimension = rows[0].length;
  }

  /** Unweighted rows. */
  public static InMemoryCrossProducts of(double[][] rows, boolean[] treated) {
    return create(rows, treated, null);
  }

  /** Rows with prior (e.g. sampling) weights, each positive and finite. */
  public static InMemoryCrossProducts weighted(
      double[][] rows, boolean[] treated, double[] weights) {
    if (weights.length != rows.length) {
      throw EstimationErrors.matchingLengthMismatch("weights", weights.length, rows.length);
    }
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] > 0.0) || Double.isInfinite(weights[i])) {
        throw EstimationErrors.invalidWeight(i, weights[i]);
      }
    }
    return create(rows, treated, weights);
  }

  private static InMemoryCrossProducts create(
      double[][] rows, boolean[] treated, double[] weights) {
    if (rows.length == 0) {
      throw EstimationErrors.noUnitsInGroup("treated or control");
    }
    if (treated.length != rows.length) {
      throw EstimationErrors.matchingLengthMismatch("treated", treated.length, rows.length);
    }
    int k = rows[0].length;
    if (k < 1) {
      throw EstimationErrors.dimensionMismatch(1, k);
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != k) {
        throw EstimationErrors.dimensionMismatch(k, rows[i].length);
      }
      for (int j = 0; j < k; j++) {
        if (!Double.isFinite(rows[i][j])) {
          throw EstimationErrors.nonFinite("rows[" + i + "]", j, rows[i][j]);
        }
      }
    }
    return new InMemoryCrossProducts(rows, treated, weights);
  }

  public int size() {
    return rows.length;
  }

  public int dimension() {
    return dimension;
  }

  @Override
  public LogitCrossProducts crossProducts(double[] beta) {
    int blocks = (rows.length + BLOCK - 1) / BLOCK;
    LogitCrossProducts[] parts =
        IntStream.range(0, blocks)
            .parallel()
            .mapToObj(b -> crossProducts(beta, b * BLOCK, Math.min(rows.length, (b + 1) * BLOCK)))
            .toArray(LogitCrossProducts[]::new);
    LogitCrossProducts total = parts[0];
    for (int b = 1; b < blocks; b++) {
      total = total.merge(parts[b]);
    }
    return total;
  }

  /** The cross-products of rows {@code from} (inclusive) to {@code to} (exclusive) at beta. */
  public LogitCrossProducts crossProducts(double[] beta, int from, int to) {
    if (beta.length != dimension) {
      throw EstimationErrors.dimensionMismatch(dimension, beta.length);
    }
    LogitCrossProducts s = LogitCrossProducts.at(beta);
    for (int i = from; i < to; i++) {
      s.add(rows[i], treated[i] ? 1.0 : 0.0, weights == null ? 1.0 : weights[i]);
    }
    return s;
  }
}
