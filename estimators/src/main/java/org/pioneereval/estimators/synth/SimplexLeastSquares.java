package org.pioneereval.estimators.synth;

/**
 * One weight problem of synthdid, {@code min_x zeta^2 |x|^2 + |A x - b|^2 / n} over the unit
 * simplex, solved by Frank-Wolfe with exact line search exactly as {@code synthdid:::sc.weight.fw}
 * and {@code fw.step} do: from the given start, each iteration moves towards the vertex {@code j}
 * with the smallest half-gradient {@code A'(Ax - b) + n zeta^2 x} (first one on ties), by the step
 * that minimises the objective along that direction, clipped to [0, 1]; it stops after an iteration
 * whose objective decrease is at most {@code minDecrease^2} (from the second iteration on) or after
 * {@code maxIterations}.
 *
 * <p>Because the iterate moves along {@code e_j - x}, {@code Ax} and {@code A'Ax} are updated in
 * O(n + m) from column {@code j} of {@code A} and of the Gram matrix {@code A'A}; Gram columns are
 * computed on first use and cached (Frank-Wolfe visits few vertices). They are recomputed from
 * scratch every {@link #REFRESH_EVERY} iterations so that rounding cannot accumulate. Columns of
 * {@code A} are addressed through {@code active} into a shared column store, so that the placebo
 * replications reuse the Gram columns of the original fit.
 */
final class SimplexLeastSquares {
  /** Iterations between exact recomputations of {@code Ax} and {@code A'Ax}. */
  static final int REFRESH_EVERY = 64;

  /** Result of one Frank-Wolfe run. */
  record Solution(double[] x, int iterations, double objective) {}

  private final ColumnStore store;
  private final int[] active;
  private final double[] b;
  private final double[] atb;

  /**
   * @param store the columns of A (each of length n) and their Gram cache
   * @param active the store columns that form A, in order (x_k weights column active[k])
   * @param b the target, length n
   */
  SimplexLeastSquares(ColumnStore store, int[] active, double[] b) {
    this.store = store;
    this.active = active;
    this.b = b;
    this.atb = new double[active.length];
    for (int k = 0; k < active.length; k++) {
      atb[k] = dot(store.column(active[k]), b);
    }
  }

  Solution solve(double[] start, double zeta, double minDecrease, int maxIterations) {
    int n = b.length;
    int m = active.length;
    double zeta2 = zeta * zeta;
    double eta = n * zeta2;
    double threshold = minDecrease * minDecrease;
    double[] x = start.clone();
    double[] ax = new double[n];
    double[] atax = new double[m];
    double[] g = new double[m];
    double[] dx = new double[m];
    double[] de = new double[n];
    double[] gramColumn = new double[m];
    recompute(x, ax, atax);
    double previous = Double.NaN;
    double current = Double.NaN;
    int it = 0;
    while (it < maxIterations && (it < 2 || previous - current > threshold)) {
      it++;
      if (it % REFRESH_EVERY == 0) {
        recompute(x, ax, atax);
      }
      int j = 0;
      for (int k = 0; k < m; k++) {
        g[k] = (atax[k] - atb[k]) + eta * x[k];
        if (g[k] < g[j]) {
          j = k;
        }
      }
      boolean moves = false;
      for (int k = 0; k < m; k++) {
        dx[k] = -x[k];
      }
      dx[j] = 1.0 - x[j];
      for (int k = 0; k < m && !moves; k++) {
        moves = dx[k] != 0.0;
      }
      if (moves) {
        double[] aj = store.column(active[j]);
        double dErr = 0.0;
        for (int t = 0; t < n; t++) {
          de[t] = aj[t] - ax[t];
          dErr += de[t] * de[t];
        }
        double num = 0.0;
        double dx2 = 0.0;
        for (int k = 0; k < m; k++) {
          num += g[k] * dx[k];
          dx2 += dx[k] * dx[k];
        }
        double den = dErr + eta * dx2;
        // den == 0 only when A's columns coincide and zeta = 0: no direction improves, stay put
        double step = den > 0.0 ? Math.min(1.0, Math.max(0.0, -num / den)) : 0.0;
        if (step > 0.0) {
          for (int k = 0; k < m; k++) {
            x[k] += step * dx[k];
          }
          for (int t = 0; t < n; t++) {
            ax[t] += step * de[t];
          }
          store.gramColumn(active[j], active, gramColumn);
          for (int k = 0; k < m; k++) {
            atax[k] += step * (gramColumn[k] - atax[k]);
          }
        }
      }
      double penalty = 0.0;
      for (int k = 0; k < m; k++) {
        penalty += x[k] * x[k];
      }
      double rss = 0.0;
      for (int t = 0; t < n; t++) {
        double r = ax[t] - b[t];
        rss += r * r;
      }
      previous = current;
      current = zeta2 * penalty + rss / n;
    }
    return new Solution(x, it, current);
  }

  private void recompute(double[] x, double[] ax, double[] atax) {
    java.util.Arrays.fill(ax, 0.0);
    for (int k = 0; k < active.length; k++) {
      double xk = x[k];
      if (xk != 0.0) {
        double[] col = store.column(active[k]);
        for (int t = 0; t < ax.length; t++) {
          ax[t] += xk * col[t];
        }
      }
    }
    for (int k = 0; k < active.length; k++) {
      atax[k] = dot(store.column(active[k]), ax);
    }
  }

  static double dot(double[] a, double[] c) {
    double s = 0.0;
    for (int t = 0; t < a.length; t++) {
      s += a[t] * c[t];
    }
    return s;
  }

  /**
   * The columns of a design matrix, each of length n, with a lazily filled cache of Gram rows
   * {@code G[a][c] = col_a . col_c} over all stored columns.
   */
  static final class ColumnStore {
    private final double[][] columns;
    private final double[][] gramRows;

    ColumnStore(double[][] columns) {
      this.columns = columns;
      this.gramRows = new double[columns.length][];
    }

    double[] column(int id) {
      return columns[id];
    }

    /** Writes {@code G[id][active[k]]} into out[k]. */
    void gramColumn(int id, int[] active, double[] out) {
      double[] row = gramRows[id];
      if (row == null) {
        row = new double[columns.length];
        double[] a = columns[id];
        for (int c = 0; c < columns.length; c++) {
          row[c] = dot(a, columns[c]);
        }
        gramRows[id] = row;
      }
      for (int k = 0; k < active.length; k++) {
        out[k] = row[active[k]];
      }
    }
  }
}
