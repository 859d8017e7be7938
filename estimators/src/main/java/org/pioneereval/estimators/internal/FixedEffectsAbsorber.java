package org.pioneereval.estimators.internal;

/**
 * Removes fixed effects from columns by weighted within-group demeaning.
 *
 * <p>One set: exact demeaning. Several sets: the method of alternating projections (Guimaraes and
 * Portugal 2010; Gaure 2013, R {@code lfe}; Correia 2017, Stata {@code reghdfe}): demean by each
 * set in turn until a full sweep changes no entry by more than {@code tolerance} (relative to the
 * column's scale). The fixed point is the residual of the projection on all dummies.
 */
public final class FixedEffectsAbsorber {
  /** Default convergence tolerance of alternating projections. */
  public static final double TOLERANCE_DEFAULT = 1e-12;

  /** Sweeps after which alternating projections give up. */
  public static final int MAX_SWEEPS_DEFAULT = 100_000;

  private FixedEffectsAbsorber() {}

  /** Weighted group means of {@code v} ({@code w} null = unweighted). */
  public static double[] groupMeans(double[] v, int[] group, int groups, double[] w) {
    double[] sum = new double[groups];
    double[] wsum = new double[groups];
    for (int i = 0; i < v.length; i++) {
      double wi = w == null ? 1.0 : w[i];
      sum[group[i]] += wi * v[i];
      wsum[group[i]] += wi;
    }
    for (int g = 0; g < groups; g++) {
      sum[g] = wsum[g] > 0 ? sum[g] / wsum[g] : 0.0;
    }
    return sum;
  }

  /** {@code v} minus its weighted group means, as a new array. */
  public static double[] demean(double[] v, int[] group, int groups, double[] w) {
    double[] means = groupMeans(v, group, groups, w);
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] - means[group[i]];
    }
    return out;
  }

  /**
   * Residual of {@code v} on the dummies of all fixed-effect sets, by alternating projections.
   *
   * @throws IllegalStateException if the sweeps do not converge
   */
  public static double[] alternatingProjections(
      double[] v, int[][] sets, int[] sizes, double[] w, double tolerance, int maxSweeps) {
    double[] cur = v.clone();
    double scale = 0.0;
    for (double x : v) {
      scale = Math.max(scale, Math.abs(x));
    }
    double threshold = tolerance * Math.max(1.0, scale);
    for (int sweep = 0; sweep < maxSweeps; sweep++) {
      double change = 0.0;
      for (int s = 0; s < sets.length; s++) {
        double[] means = groupMeans(cur, sets[s], sizes[s], w);
        for (int i = 0; i < cur.length; i++) {
          double m = means[sets[s][i]];
          cur[i] -= m;
          change = Math.max(change, Math.abs(m));
        }
      }
      if (change <= threshold) {
        return cur;
      }
    }
    throw new IllegalStateException(
        "alternating projections did not converge in " + maxSweeps + " sweeps");
  }
}
