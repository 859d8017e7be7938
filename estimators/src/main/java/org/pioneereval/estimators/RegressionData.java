package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.List;

/**
 * Observation-level input to {@link LinearRegression}: regressor columns, outcome, optional
 * analytic weights and optional cluster ids (dense 0..G-1). Needed for {@link VarianceType#CR2} and
 * for {@link VarianceType#HC1} on large data; otherwise {@link ClusterMoments} suffice. Arrays are
 * copied.
 */
public final class RegressionData {
  private final List<String> names;
  private final double[][] columns;
  private final double[] outcome;
  private final double[] weights;
  private final int[] cluster;

  private RegressionData(
      List<String> names, double[][] columns, double[] outcome, double[] weights, int[] cluster) {
    this.names = names;
    this.columns = columns;
    this.outcome = outcome;
    this.weights = weights;
    this.cluster = cluster;
  }

  /**
   * @param names one name per regressor column
   * @param columns regressor columns, each of the outcome's length (include a column of ones for an
   *     intercept)
   * @param outcome the dependent variable
   * @param weightsOrNull analytic weights, or null for OLS
   * @param clusterOrNull dense cluster ids, or null (IID and HC1 only)
   */
  public static RegressionData of(
      List<String> names,
      double[][] columns,
      double[] outcome,
      double[] weightsOrNull,
      int[] clusterOrNull) {
    int n = outcome.length;
    if (names.size() != columns.length) {
      throw EstimationErrors.lengthMismatch("names", names.size(), columns.length);
    }
    double[][] cols = new double[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      if (columns[j].length != n) {
        throw EstimationErrors.lengthMismatch(
            "regressor '" + names.get(j) + "'", columns[j].length, n);
      }
      checkFinite(names.get(j), columns[j]);
      cols[j] = columns[j].clone();
    }
    checkFinite("outcome", outcome);
    double[] w = null;
    if (weightsOrNull != null) {
      if (weightsOrNull.length != n) {
        throw EstimationErrors.lengthMismatch("weights", weightsOrNull.length, n);
      }
      for (int i = 0; i < n; i++) {
        if (!(weightsOrNull[i] > 0.0) || Double.isInfinite(weightsOrNull[i])) {
          throw EstimationErrors.invalidWeight(i, weightsOrNull[i]);
        }
      }
      w = weightsOrNull.clone();
    }
    int[] c = null;
    if (clusterOrNull != null) {
      if (clusterOrNull.length != n) {
        throw EstimationErrors.lengthMismatch("cluster", clusterOrNull.length, n);
      }
      PanelObservations.checkDense("cluster", clusterOrNull);
      c = clusterOrNull.clone();
    }
    return new RegressionData(List.copyOf(new ArrayList<>(names)), cols, outcome.clone(), w, c);
  }

  private static void checkFinite(String what, double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw EstimationErrors.nonFinite(what, i, v[i]);
      }
    }
  }

  /** Wraps arrays without copying or checking; for callers inside this module. */
  static RegressionData trusted(
      List<String> names, double[][] columns, double[] outcome, double[] weights, int[] cluster) {
    return new RegressionData(names, columns, outcome, weights, cluster);
  }

  public List<String> names() {
    return names;
  }

  public int size() {
    return outcome.length;
  }

  double[][] columns() {
    return columns;
  }

  double[] outcome() {
    return outcome;
  }

  double[] weights() {
    return weights;
  }

  int[] cluster() {
    return cluster;
  }
}
