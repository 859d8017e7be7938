package org.pioneereval.estimators.internal;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Small dense linear algebra on {@code double[][]}; sizes here are tens, not thousands. */
public final class Matrices {
  private Matrices() {}

  /**
   * Inverse of a symmetric positive-definite matrix by Cholesky decomposition, or {@code null} when
   * a pivot falls below {@code 1e-10} of its original diagonal (collinear columns). Returns also,
   * through {@code failedColumn[0]}, the first column found dependent.
   */
  public static double[][] invertSpd(double[][] a, int[] failedColumn) {
    int k = a.length;
    double[][] l = new double[k][k];
    for (int j = 0; j < k; j++) {
      double d = a[j][j];
      for (int m = 0; m < j; m++) {
        d -= l[j][m] * l[j][m];
      }
      if (!(d > 1e-10 * Math.abs(a[j][j])) || a[j][j] == 0.0) {
        if (failedColumn != null) {
          failedColumn[0] = j;
        }
        return null;
      }
      double ljj = Math.sqrt(d);
      l[j][j] = ljj;
      for (int i = j + 1; i < k; i++) {
        double s = a[i][j];
        for (int m = 0; m < j; m++) {
          s -= l[i][m] * l[j][m];
        }
        l[i][j] = s / ljj;
      }
    }
    // inverse of L (lower triangular)
    double[][] li = new double[k][k];
    for (int i = 0; i < k; i++) {
      li[i][i] = 1.0 / l[i][i];
      for (int j = 0; j < i; j++) {
        double s = 0.0;
        for (int m = j; m < i; m++) {
          s -= l[i][m] * li[m][j];
        }
        li[i][j] = s / l[i][i];
      }
    }
    double[][] inv = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0.0;
        for (int m = i; m < k; m++) {
          s += li[m][i] * li[m][j];
        }
        inv[i][j] = s;
        inv[j][i] = s;
      }
    }
    return inv;
  }

  public static double[] multiply(double[][] a, double[] x) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double s = 0.0;
      double[] row = a[i];
      for (int j = 0; j < x.length; j++) {
        s += row[j] * x[j];
      }
      out[i] = s;
    }
    return out;
  }

  public static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    int inner = b.length;
    double[][] out = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < inner; p++) {
        double aip = a[i][p];
        if (aip == 0.0) {
          continue;
        }
        double[] brow = b[p];
        double[] orow = out[i];
        for (int j = 0; j < m; j++) {
          orow[j] += aip * brow[j];
        }
      }
    }
    return out;
  }

  public static double dot(double[] a, double[] b) {
    double s = 0.0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** {@code a' M a}. */
  public static double quadraticForm(double[][] m, double[] a) {
    return dot(a, multiply(m, a));
  }

  public static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  /** Sub-matrix on the given rows/columns. */
  public static double[][] select(double[][] a, int[] idx) {
    double[][] out = new double[idx.length][idx.length];
    for (int i = 0; i < idx.length; i++) {
      for (int j = 0; j < idx.length; j++) {
        out[i][j] = a[idx[i]][idx[j]];
      }
    }
    return out;
  }

  /**
   * Symmetric inverse square root {@code B^{-1/2}} of a symmetric positive semi-definite matrix;
   * eigenvalues below {@code 1e-12} times the largest are treated as zero (Moore-Penrose), as
   * clubSandwich does.
   */
  public static double[][] inverseSquareRoot(double[][] b) {
    int n = b.length;
    RealMatrix m = new Array2DRowRealMatrix(b, false);
    EigenDecomposition eig = new EigenDecomposition(m);
    double[] values = eig.getRealEigenvalues();
    double max = 0.0;
    for (double v : values) {
      max = Math.max(max, Math.abs(v));
    }
    RealMatrix vectors = eig.getV();
    double[][] v = vectors.getData();
    double[] scale = new double[n];
    for (int j = 0; j < n; j++) {
      scale[j] = values[j] > 1e-12 * max ? 1.0 / Math.sqrt(values[j]) : 0.0;
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double s = 0.0;
        for (int e = 0; e < n; e++) {
          s += v[i][e] * scale[e] * v[j][e];
        }
        out[i][j] = s;
        out[j][i] = s;
      }
    }
    return out;
  }
}
