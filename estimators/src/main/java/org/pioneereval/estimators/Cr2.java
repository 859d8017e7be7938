package org.pioneereval.estimators;

import org.pioneereval.estimators.internal.Matrices;

/**
 * Bell-McCaffrey (CR2) meat: {@code sum_g X_g'W_g^{1/2} A_g e_g e_g' A_g W_g^{1/2} X_g} with {@code
 * e_g = W_g^{1/2} u_g} and {@code A_g = (I - W_g^{1/2} X_g M X_g' W_g^{1/2})^{-1/2}}, {@code M =
 * (X'WX)^-1}. With fixed effects absorbed within clusters this equals the full-dummy computation
 * (Pustejovsky and Tipton 2018, JBES, Theorem 2), so the absorbed design suffices.
 */
final class Cr2 {
  private Cr2() {}

  static double[][] meat(double[][] x, double[] u, double[] w, int[] cluster, int g, double[][] m) {
    int n = u.length;
    int k = x.length;
    int[] size = new int[g];
    for (int c : cluster) {
      size[c]++;
    }
    int[][] rows = new int[g][];
    for (int c = 0; c < g; c++) {
      rows[c] = new int[size[c]];
    }
    int[] fill = new int[g];
    for (int i = 0; i < n; i++) {
      rows[cluster[i]][fill[cluster[i]]++] = i;
    }
    double[][] s2 = new double[k][k]; // X'W^2X
    if (w != null) {
      for (int i = 0; i < n; i++) {
        double w2 = w[i] * w[i];
        for (int a = 0; a < k; a++) {
          for (int b = 0; b < k; b++) {
            s2[a][b] += w2 * x[a][i] * x[b][i];
          }
        }
      }
    }
    double[][] msm = w == null ? null : Matrices.multiply(Matrices.multiply(m, s2), m);
    double[][] meat = new double[k][k];
    for (int c = 0; c < g; c++) {
      int[] r = rows[c];
      int ng = r.length;
      double[][] xg = new double[ng][k]; // X_g, row major
      double[] wg = new double[ng];
      double[] e = new double[ng];
      for (int a = 0; a < ng; a++) {
        wg[a] = w == null ? 1.0 : w[r[a]];
        for (int j = 0; j < k; j++) {
          xg[a][j] = x[j][r[a]];
        }
        e[a] = u[r[a]];
      }
      double[][] xm = Matrices.multiply(xg, m); // X_g M
      double[][] xmsm = msm == null ? null : Matrices.multiply(xg, msm);
      double[][] b = new double[ng][ng];
      for (int a = 0; a < ng; a++) {
        for (int bb = a; bb < ng; bb++) {
          double h = Matrices.dot(xm[a], xg[bb]);
          double v =
              msm == null
                  ? (a == bb ? 1.0 : 0.0) - h
                  : (a == bb ? 1.0 : 0.0) - h * (wg[a] + wg[bb]) + Matrices.dot(xmsm[a], xg[bb]);
          b[a][bb] = v;
          b[bb][a] = v;
        }
      }
      double[] ae = Matrices.multiply(Matrices.inverseSquareRoot(b), e);
      double[] s = new double[k];
      for (int a = 0; a < ng; a++) {
        for (int j = 0; j < k; j++) {
          s[j] += xg[a][j] * wg[a] * ae[a];
        }
      }
      LinearRegression.addOuter(meat, s);
    }
    return meat;
  }
}
