package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pioneereval.estimators.internal.FixedEffectsAbsorber;

/**
 * Regressors and outcome of a panel model after the unit and time fixed effects are absorbed
 * (Frisch-Waugh-Lovell). Without extra fixed-effect sets: exact within-unit demeaning, with the
 * time effects kept as T-1 within-unit-demeaned dummies (exact for unbalanced panels). With extra
 * sets: alternating projections over all sets. Also records how many fixed-effect parameters were
 * absorbed and how many of them are nested in the clusters, for the CR1 conventions.
 */
final class AbsorbedDesign {
  final List<String> names;
  final double[][] columns;
  final double[] outcome;
  final double[] weights;
  final int[] cluster;
  final int absorbed;
  final int nested;

  private AbsorbedDesign(
      List<String> names,
      double[][] columns,
      double[] outcome,
      double[] weights,
      int[] cluster,
      int absorbed,
      int nested) {
    this.names = names;
    this.columns = columns;
    this.outcome = outcome;
    this.weights = weights;
    this.cluster = cluster;
    this.absorbed = absorbed;
    this.nested = nested;
  }

  /**
   * Absorbs unit and time effects (and any extra sets) from {@code outcome}, the given regressors
   * (first), and the observations' covariates (after them).
   */
  static AbsorbedDesign of(
      PanelObservations obs, double[] outcome, List<String> names, List<double[]> regressors) {
    List<String> allNames = new ArrayList<>(names);
    List<double[]> raw = new ArrayList<>(regressors);
    for (Map.Entry<String, double[]> e : obs.covariates().entrySet()) {
      allNames.add(e.getKey());
      raw.add(e.getValue());
    }
    int[] unit = obs.unit();
    int u = obs.unitCount();
    int t = obs.timeCount();
    double[] w = obs.weights();
    int[] cluster = obs.cluster();
    List<double[]> cols = new ArrayList<>();
    double[] y;
    int absorbed;
    int nested = 0;
    if (obs.extraFixedEffects().isEmpty()) {
      for (int p = 1; p < t; p++) {
        allNames.add("time=" + p);
        double[] dummy = new double[obs.size()];
        int[] time = obs.time();
        for (int i = 0; i < dummy.length; i++) {
          dummy[i] = time[i] == p ? 1.0 : 0.0;
        }
        raw.add(dummy);
      }
      for (double[] c : raw) {
        cols.add(FixedEffectsAbsorber.demean(c, unit, u, w));
      }
      y = FixedEffectsAbsorber.demean(outcome, unit, u, w);
      absorbed = u;
      if (cluster != null && nestedIn(unit, u, cluster)) {
        nested = u - 1;
      }
    } else {
      List<int[]> sets = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      sets.add(unit);
      sizes.add(u);
      sets.add(obs.time());
      sizes.add(t);
      for (int[] fe : obs.extraFixedEffects().values()) {
        sets.add(fe);
        sizes.add(LinearRegression.countClusters(fe));
      }
      int[][] s = sets.toArray(new int[0][]);
      int[] sz = sizes.stream().mapToInt(Integer::intValue).toArray();
      for (double[] c : raw) {
        cols.add(project(c, s, sz, w));
      }
      y = project(outcome, s, sz, w);
      absorbed = 1;
      for (int i = 0; i < s.length; i++) {
        absorbed += sz[i] - 1;
        if (cluster != null && nestedIn(s[i], sz[i], cluster)) {
          nested += sz[i] - 1;
        }
      }
    }
    return new AbsorbedDesign(
        List.copyOf(allNames), cols.toArray(new double[0][]), y, w, cluster, absorbed, nested);
  }

  private static double[] project(double[] v, int[][] sets, int[] sizes, double[] w) {
    return FixedEffectsAbsorber.alternatingProjections(
        v,
        sets,
        sizes,
        w,
        FixedEffectsAbsorber.TOLERANCE_DEFAULT,
        FixedEffectsAbsorber.MAX_SWEEPS_DEFAULT);
  }

  /** True when every level of {@code fe} lies within a single cluster. */
  static boolean nestedIn(int[] fe, int levels, int[] cluster) {
    int[] owner = new int[levels];
    java.util.Arrays.fill(owner, -1);
    for (int i = 0; i < fe.length; i++) {
      if (owner[fe[i]] < 0) {
        owner[fe[i]] = cluster[i];
      } else if (owner[fe[i]] != cluster[i]) {
        return false;
      }
    }
    return true;
  }

  /** First level of {@code fe} found in two clusters, or -1. */
  static int firstNotNested(int[] fe, int levels, int[] cluster) {
    int[] owner = new int[levels];
    java.util.Arrays.fill(owner, -1);
    for (int i = 0; i < fe.length; i++) {
      if (owner[fe[i]] < 0) {
        owner[fe[i]] = cluster[i];
      } else if (owner[fe[i]] != cluster[i]) {
        return fe[i];
      }
    }
    return -1;
  }

  RegressionData data() {
    return RegressionData.trusted(names, columns, outcome, weights, cluster);
  }

  RegressionResult fit(VarianceType type) {
    if (type.isClustered() && cluster == null) {
      throw EstimationErrors.missingCluster(type);
    }
    return LinearRegression.builder()
        .variance(type)
        .absorbedFixedEffects(absorbed)
        .fixedEffectsNestedInClusters(nested)
        .build()
        .fit(data());
  }
}
