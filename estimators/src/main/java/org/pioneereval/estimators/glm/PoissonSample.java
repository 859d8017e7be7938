package org.pioneereval.estimators.glm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pioneereval.estimators.EstimationErrors;

/**
 * The rows a Poisson fit uses: the data without the fixed-effect groups whose outcomes are all zero
 * (fixest {@code fixef.rm = "perfect"}), every id re-coded densely. One pass over the original data
 * finds them all: dropping rows with a zero outcome cannot make another group all-zero.
 */
final class PoissonSample {
  final double[] y;
  final double[] offset;
  final List<String> names;
  final double[][] x;
  final List<String> fixedEffectNames;
  final int[][] fixedEffects;
  final int[] sizes;
  final Map<String, int[]> groups;
  final List<DroppedObservations> dropped;
  final int droppedRows;

  private PoissonSample(
      double[] y,
      double[] offset,
      List<String> names,
      double[][] x,
      List<String> fixedEffectNames,
      int[][] fixedEffects,
      int[] sizes,
      Map<String, int[]> groups,
      List<DroppedObservations> dropped,
      int droppedRows) {
    this.y = y;
    this.offset = offset;
    this.names = names;
    this.x = x;
    this.fixedEffectNames = fixedEffectNames;
    this.fixedEffects = fixedEffects;
    this.sizes = sizes;
    this.groups = groups;
    this.dropped = dropped;
    this.droppedRows = droppedRows;
  }

  static PoissonSample of(PoissonData data) {
    double[] y = data.outcome();
    int n = y.length;
    boolean[] drop = new boolean[n];
    List<DroppedObservations> dropped = new ArrayList<>();
    for (Map.Entry<String, int[]> e : data.fixedEffects().entrySet()) {
      int[] g = e.getValue();
      int levels = Codes.count(g);
      double[] sum = new double[levels];
      int[] rows = new int[levels];
      for (int i = 0; i < n; i++) {
        sum[g[i]] += y[i];
        rows[g[i]]++;
      }
      int groups = 0;
      int groupRows = 0;
      for (int l = 0; l < levels; l++) {
        if (sum[l] == 0.0) {
          groups++;
          groupRows += rows[l];
        }
      }
      if (groups > 0) {
        for (int i = 0; i < n; i++) {
          if (sum[g[i]] == 0.0) {
            drop[i] = true;
          }
        }
        dropped.add(
            new DroppedObservations(
                e.getKey(), groups, groupRows, DroppedObservations.ALL_OUTCOMES_ZERO));
      }
    }
    int kept = 0;
    for (boolean d : drop) {
      kept += d ? 0 : 1;
    }
    int[] rows = new int[kept];
    int p = 0;
    for (int i = 0; i < n; i++) {
      if (!drop[i]) {
        rows[p++] = i;
      }
    }
    double[] ys = Codes.subset(y, rows);
    double total = 0.0;
    for (double v : ys) {
      total += v;
    }
    if (total == 0.0) {
      throw EstimationErrors.allOutcomesZero(kept);
    }
    List<String> names = new ArrayList<>();
    List<double[]> cols = new ArrayList<>();
    if (data.fixedEffects().isEmpty()) {
      names.add(PoissonData.INTERCEPT);
      double[] one = new double[kept];
      java.util.Arrays.fill(one, 1.0);
      cols.add(one);
    }
    for (Map.Entry<String, double[]> e : data.regressors().entrySet()) {
      names.add(e.getKey());
      cols.add(Codes.subset(e.getValue(), rows));
    }
    List<String> feNames = new ArrayList<>(data.fixedEffects().keySet());
    int[][] fe = new int[feNames.size()][];
    int[] sizes = new int[feNames.size()];
    Map<String, int[]> groups = new LinkedHashMap<>();
    for (int q = 0; q < fe.length; q++) {
      fe[q] = Codes.subsetRecode(data.fixedEffects().get(feNames.get(q)), rows);
      sizes[q] = Codes.count(fe[q]);
      groups.put(feNames.get(q), fe[q]);
    }
    for (Map.Entry<String, int[]> e : data.clusters().entrySet()) {
      groups.put(e.getKey(), Codes.subsetRecode(e.getValue(), rows));
    }
    double[] offset = data.offset() == null ? null : Codes.subset(data.offset(), rows);
    return new PoissonSample(
        ys,
        offset,
        List.copyOf(names),
        cols.toArray(new double[0][]),
        List.copyOf(feNames),
        fe,
        sizes,
        groups,
        List.copyOf(dropped),
        n - kept);
  }

  int size() {
    return y.length;
  }

  /**
   * Throws when a regressor is separated in the simplest way: it has one sign, and every row where
   * it is not zero has a zero outcome (e.g. a treatment dummy whose treated rows count nothing).
   */
  void checkSeparation() {
    for (int j = 0; j < x.length; j++) {
      double[] v = x[j];
      boolean positive = false;
      boolean negative = false;
      boolean countsWhereNonZero = false;
      for (int i = 0; i < v.length; i++) {
        if (v[i] > 0.0) {
          positive = true;
        } else if (v[i] < 0.0) {
          negative = true;
        }
        if (v[i] != 0.0 && y[i] > 0.0) {
          countsWhereNonZero = true;
        }
      }
      if ((positive ^ negative) && !countsWhereNonZero) {
        throw EstimationErrors.separatedRegressor(names.get(j));
      }
    }
  }
}
