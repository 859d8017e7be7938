package org.pioneereval.estimators.glm;

import java.util.Arrays;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Weighted least-squares projection of a column on the dummies of any number of fixed-effect
 * dimensions, by alternating projections (block Gauss-Seidel on the normal equations, Guimaraes and
 * Portugal 2010; Gaure 2013) in the space of the fixed-effect coefficients, accelerated with the
 * Irons and Tuck (1969) extrapolation as R {@code fixest} does (Berge 2018).
 *
 * <p>One dimension is exact (weighted group means). Two dimensions sweep over the distinct (level,
 * level) cells with their summed weights, so a sweep costs the number of cells, not rows (sites x
 * months, whatever the number of patients). Three or more sweep over the rows. The coefficients are
 * kept by the caller and warm-start the next call, which within IRLS is usually one or two sweeps
 * away from the solution.
 *
 * <p>Converged when a sweep changes no coefficient by more than {@code tolerance * max(1, max|v|)}.
 */
final class FixedEffectsProjector {
  private final int n;
  private final int dims;
  private final int[][] ids;
  private final int[] sizes;
  private final double tolerance;
  private final int maxSweeps;
  private final double[][] levelWeight;
  // two dimensions: the distinct (first, second) cells
  private final int[] cellOf;
  private final int[] cellFirst;
  private final int[] cellSecond;
  private final double[] cellWeight;
  private double[] w;
  private long sweeps;

  FixedEffectsProjector(int[][] ids, int[] sizes, double tolerance, int maxSweeps) {
    this.dims = ids.length;
    this.n = dims == 0 ? 0 : ids[0].length;
    this.ids = ids;
    this.sizes = sizes;
    this.tolerance = tolerance;
    this.maxSweeps = maxSweeps;
    this.levelWeight = new double[dims][];
    for (int q = 0; q < dims; q++) {
      levelWeight[q] = new double[sizes[q]];
    }
    if (dims == 2) {
      int[] count = new int[1];
      cellOf = Codes.cross(ids[0], sizes[0], ids[1], sizes[1], count);
      cellFirst = new int[count[0]];
      cellSecond = new int[count[0]];
      for (int i = 0; i < n; i++) {
        cellFirst[cellOf[i]] = ids[0][i];
        cellSecond[cellOf[i]] = ids[1][i];
      }
      cellWeight = new double[count[0]];
    } else {
      cellOf = null;
      cellFirst = null;
      cellSecond = null;
      cellWeight = null;
    }
  }

  int dimensions() {
    return dims;
  }

  /** Total sweeps since construction (diagnostics and benchmarks). */
  long sweeps() {
    return sweeps;
  }

  /** Sets the weights of the following projections (the IRLS weights of this iteration). */
  void setWeights(double[] weights) {
    this.w = weights;
    for (int q = 0; q < dims; q++) {
      double[] lw = levelWeight[q];
      Arrays.fill(lw, 0.0);
      int[] g = ids[q];
      for (int i = 0; i < n; i++) {
        lw[g[i]] += weights[i];
      }
    }
    if (dims == 2) {
      Arrays.fill(cellWeight, 0.0);
      for (int i = 0; i < n; i++) {
        cellWeight[cellOf[i]] += weights[i];
      }
    }
  }

  /**
   * Writes into {@code out} the residual of {@code v} after its weighted projection on the
   * fixed-effect dummies; {@code alpha} (one array per dimension) holds the starting coefficients
   * and receives the fitted ones, so that {@code v_i = sum_q alpha_q[g_q(i)] + out_i}.
   */
  void residualize(double[] v, double[][] alpha, double[] out) {
    if (dims == 0) {
      System.arraycopy(v, 0, out, 0, v.length);
      return;
    }
    double[][] s = new double[dims][];
    double scale = 1.0;
    for (int q = 0; q < dims; q++) {
      s[q] = new double[sizes[q]];
    }
    for (int i = 0; i < n; i++) {
      double wv = w[i] * v[i];
      for (int q = 0; q < dims; q++) {
        s[q][ids[q][i]] += wv;
      }
      scale = Math.max(scale, Math.abs(v[i]));
    }
    if (dims > 1) {
      solve(s, alpha, tolerance * scale);
    }
    firstFromOthers(s[0], alpha);
    for (int i = 0; i < n; i++) {
      double fit = 0.0;
      for (int q = 0; q < dims; q++) {
        fit += alpha[q][ids[q][i]];
      }
      out[i] = v[i] - fit;
    }
  }

  /** Iterates on the coefficients of dimensions 1..Q-1 until a sweep changes none by > thr. */
  private void solve(double[][] s, double[][] alpha, double threshold) {
    int m = 0;
    for (int q = 1; q < dims; q++) {
      m += sizes[q];
    }
    double[] x = new double[m];
    pack(alpha, x);
    double[] gx = new double[m];
    double[] ggx = new double[m];
    double[][] work = new double[dims][];
    for (int q = 0; q < dims; q++) {
      work[q] = new double[sizes[q]];
    }
    double[] fit = dims > 2 ? new double[n] : null;
    int done = 0;
    while (true) {
      if (done >= maxSweeps) {
        throw EstimationErrors.fixedEffectsNotConverged(maxSweeps);
      }
      sweep(s, x, gx, work, fit);
      done++;
      if (maxAbsDifference(gx, x) <= threshold) {
        x = gx;
        break;
      }
      sweep(s, gx, ggx, work, fit);
      done++;
      if (maxAbsDifference(ggx, gx) <= threshold) {
        x = ggx;
        break;
      }
      // Irons-Tuck extrapolation from x, F(x), F(F(x))
      double ssq = 0.0;
      double prod = 0.0;
      for (int j = 0; j < m; j++) {
        double dg = ggx[j] - gx[j];
        double d2 = dg - gx[j] + x[j];
        ssq += d2 * d2;
        prod += dg * d2;
      }
      if (ssq == 0.0) {
        x = ggx.clone();
        break;
      }
      double c = prod / ssq;
      double[] next = new double[m];
      for (int j = 0; j < m; j++) {
        next[j] = ggx[j] - c * (ggx[j] - gx[j]);
      }
      x = next;
    }
    sweeps += done;
    unpack(x, alpha);
  }

  /** One Gauss-Seidel sweep: dimension 0 from {@code x}, then each further dimension in turn. */
  private void sweep(double[][] s, double[] x, double[] out, double[][] work, double[] fit) {
    if (dims == 2) {
      double[] a0 = work[0];
      double[] other = new double[sizes[0]];
      for (int c = 0; c < cellWeight.length; c++) {
        other[cellFirst[c]] += cellWeight[c] * x[cellSecond[c]];
      }
      for (int g = 0; g < sizes[0]; g++) {
        a0[g] = (s[0][g] - other[g]) / levelWeight[0][g];
      }
      double[] other1 = new double[sizes[1]];
      for (int c = 0; c < cellWeight.length; c++) {
        other1[cellSecond[c]] += cellWeight[c] * a0[cellFirst[c]];
      }
      for (int h = 0; h < sizes[1]; h++) {
        out[h] = (s[1][h] - other1[h]) / levelWeight[1][h];
      }
      return;
    }
    // rows: fit_i = sum of the current coefficients of row i over all dimensions
    Arrays.fill(fit, 0.0);
    int off = 0;
    for (int q = 1; q < dims; q++) {
      int[] g = ids[q];
      for (int i = 0; i < n; i++) {
        fit[i] += x[off + g[i]];
      }
      off += sizes[q];
    }
    off = 0;
    for (int q = 0; q < dims; q++) {
      int[] g = ids[q];
      double[] num = work[q];
      System.arraycopy(s[q], 0, num, 0, sizes[q]);
      int base = off;
      for (int i = 0; i < n; i++) {
        double own = q == 0 ? 0.0 : x[base + g[i]];
        num[g[i]] -= w[i] * (fit[i] - own);
      }
      for (int l = 0; l < sizes[q]; l++) {
        num[l] /= levelWeight[q][l];
      }
      for (int i = 0; i < n; i++) {
        double own = q == 0 ? 0.0 : x[base + g[i]];
        fit[i] += num[g[i]] - own;
      }
      if (q > 0) {
        System.arraycopy(num, 0, out, base, sizes[q]);
        off += sizes[q];
      }
    }
  }

  /** Sets dimension 0 to its exact weighted solution given the other dimensions. */
  private void firstFromOthers(double[] s0, double[][] alpha) {
    double[] num = s0.clone();
    if (dims == 2) {
      for (int c = 0; c < cellWeight.length; c++) {
        num[cellFirst[c]] -= cellWeight[c] * alpha[1][cellSecond[c]];
      }
    } else if (dims > 2) {
      int[] g0 = ids[0];
      for (int i = 0; i < n; i++) {
        double other = 0.0;
        for (int q = 1; q < dims; q++) {
          other += alpha[q][ids[q][i]];
        }
        num[g0[i]] -= w[i] * other;
      }
    }
    for (int g = 0; g < sizes[0]; g++) {
      alpha[0][g] = num[g] / levelWeight[0][g];
    }
  }

  private void pack(double[][] alpha, double[] x) {
    int off = 0;
    for (int q = 1; q < dims; q++) {
      System.arraycopy(alpha[q], 0, x, off, sizes[q]);
      off += sizes[q];
    }
  }

  private void unpack(double[] x, double[][] alpha) {
    int off = 0;
    for (int q = 1; q < dims; q++) {
      System.arraycopy(x, off, alpha[q], 0, sizes[q]);
      off += sizes[q];
    }
  }

  private static double maxAbsDifference(double[] a, double[] b) {
    double d = 0.0;
    for (int j = 0; j < a.length; j++) {
      d = Math.max(d, Math.abs(a[j] - b[j]));
    }
    return d;
  }
}
