package org.pioneereval.estimators;

import org.pioneereval.estimators.internal.Matrices;

/**
 * The wild cluster bootstrap computed from cluster-level statistics only ("fast and wild", Roodman,
 * Nielsen, MacKinnon and Webb 2019). With {@code M = (X'WX)^-1}, row {@code m} of M for the tested
 * coefficient, {@code H_g = X_g'W_gX_g} and bootstrap residual scores {@code c_g = X_g'W_g u_g}, a
 * draw v gives
 *
 * <pre>
 *   b*_j - b0_j = sum_h v_h q_h,                     q_h = m'c_h
 *   m's*_g      = v_g q_g - sum_h P_gh v_h,          P_gh = (M H_g m)'c_h
 *   t*          = (b*_j - b0_j) / sqrt(c_CR1 * sum_g (m's*_g)^2)
 * </pre>
 *
 * so each draw costs O(G^2), independent of N. For the restricted bootstrap the residuals are
 * linear in the null value r, {@code u(r) = u(0) - r e} with e the residual of x_j on the other
 * regressors; each draw is then summarised by five numbers and p(r) for any r costs O(B), which
 * makes test inversion cheap.
 */
final class FastWildBootstrap {
  private final double estimate;
  private final double standardError;
  private final double scale;
  // per draw: numerator n0 - r n1, squared denominator scale*(a - 2 r b + r^2 c)
  private final double[] n0;
  private final double[] n1;
  private final double[] a;
  private final double[] b;
  private final double[] c;

  private FastWildBootstrap(
      double estimate,
      double standardError,
      double scale,
      double[] n0,
      double[] n1,
      double[] a,
      double[] b,
      double[] c) {
    this.estimate = estimate;
    this.standardError = standardError;
    this.scale = scale;
    this.n0 = n0;
    this.n1 = n1;
    this.a = a;
    this.b = b;
    this.c = c;
  }

  /**
   * Prepares the bootstrap of coefficient {@code j} of the (already fixed-effect-absorbed) design.
   *
   * @param v multipliers {@code [draw][cluster]}
   * @param restricted impose the null (WCR) or not (WCU)
   */
  static FastWildBootstrap prepare(AbsorbedDesign design, int j, double[][] v, boolean restricted) {
    double[][] x = design.columns;
    double[] y = design.outcome;
    double[] w = design.weights;
    int[] cl = design.cluster;
    int n = y.length;
    int k = x.length;
    int g = LinearRegression.countClusters(cl);
    double[][][] h = new double[g][k][k];
    double[] row = new double[k];
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      for (int p = 0; p < k; p++) {
        row[p] = x[p][i];
      }
      double[][] hg = h[cl[i]];
      for (int p = 0; p < k; p++) {
        double wp = wi * row[p];
        for (int q = 0; q < k; q++) {
          hg[p][q] += wp * row[q];
        }
      }
    }
    double[][] total = new double[k][k];
    for (double[][] hg : h) {
      for (int p = 0; p < k; p++) {
        for (int q = 0; q < k; q++) {
          total[p][q] += hg[p][q];
        }
      }
    }
    double[][] m = Matrices.invertSpd(total, null);
    if (m == null) {
      throw EstimationErrors.collinearRegressors(design.names.toString());
    }
    double[] beta = Matrices.multiply(m, weightedCross(x, w, y));
    double[] uHat = residual(x, y, beta);
    double[] mj = m[j];
    long kUsed = k + design.absorbed;
    double scale = (double) g / (g - 1) * (double) (n - 1) / (n - kUsed);
    // observed CR1 standard error
    double[][] scoresHat = clusterScores(x, w, uHat, cl, g);
    double meat = 0.0;
    for (double[] s : scoresHat) {
      double z = Matrices.dot(mj, s);
      meat += z * z;
    }
    double se = Math.sqrt(scale * meat);

    double[][] c0;
    double[][] c1;
    if (restricted) {
      // residuals of y and of x_j on the other regressors
      int[] others = new int[k - 1];
      for (int p = 0, q = 0; p < k; p++) {
        if (p != j) {
          others[q++] = p;
        }
      }
      double[][] xo = new double[k - 1][];
      for (int q = 0; q < others.length; q++) {
        xo[q] = x[others[q]];
      }
      double[] u0 = y.clone();
      double[] e = x[j].clone();
      if (k > 1) {
        double[][] mo = Matrices.invertSpd(Matrices.select(total, others), null);
        u0 = residual(xo, y, Matrices.multiply(mo, weightedCross(xo, w, y)));
        e = residual(xo, x[j], Matrices.multiply(mo, weightedCross(xo, w, x[j])));
      }
      c0 = clusterScores(x, w, u0, cl, g);
      c1 = clusterScores(x, w, e, cl, g);
    } else {
      c0 = scoresHat;
      c1 = new double[g][k];
    }
    // a_g = M H_g m
    double[][] ag = new double[g][];
    for (int cg = 0; cg < g; cg++) {
      ag[cg] = Matrices.multiply(m, Matrices.multiply(h[cg], mj));
    }
    double[] q0 = new double[g];
    double[] q1 = new double[g];
    double[][] p0 = new double[g][g];
    double[][] p1 = new double[g][g];
    for (int hh = 0; hh < g; hh++) {
      q0[hh] = Matrices.dot(mj, c0[hh]);
      q1[hh] = Matrices.dot(mj, c1[hh]);
      for (int cg = 0; cg < g; cg++) {
        p0[cg][hh] = Matrices.dot(ag[cg], c0[hh]);
        p1[cg][hh] = Matrices.dot(ag[cg], c1[hh]);
      }
    }
    int draws = v.length;
    double[] n0 = new double[draws];
    double[] n1 = new double[draws];
    double[] aa = new double[draws];
    double[] bb = new double[draws];
    double[] cc = new double[draws];
    for (int d = 0; d < draws; d++) {
      double[] vd = v[d];
      double num0 = 0.0;
      double num1 = 0.0;
      double sa = 0.0;
      double sb = 0.0;
      double sc = 0.0;
      for (int cg = 0; cg < g; cg++) {
        num0 += q0[cg] * vd[cg];
        num1 += q1[cg] * vd[cg];
        double z0 = vd[cg] * q0[cg];
        double z1 = vd[cg] * q1[cg];
        double[] p0g = p0[cg];
        double[] p1g = p1[cg];
        for (int hh = 0; hh < g; hh++) {
          z0 -= p0g[hh] * vd[hh];
          z1 -= p1g[hh] * vd[hh];
        }
        sa += z0 * z0;
        sb += z0 * z1;
        sc += z1 * z1;
      }
      n0[d] = num0;
      n1[d] = num1;
      aa[d] = sa;
      bb[d] = sb;
      cc[d] = sc;
    }
    return new FastWildBootstrap(beta[j], se, scale, n0, n1, aa, bb, cc);
  }

  private static double[] weightedCross(double[][] x, double[] w, double[] y) {
    double[] out = new double[x.length];
    for (int p = 0; p < x.length; p++) {
      double s = 0.0;
      double[] xp = x[p];
      for (int i = 0; i < y.length; i++) {
        s += (w == null ? 1.0 : w[i]) * xp[i] * y[i];
      }
      out[p] = s;
    }
    return out;
  }

  private static double[] residual(double[][] x, double[] y, double[] beta) {
    double[] u = y.clone();
    for (int p = 0; p < x.length; p++) {
      double bp = beta[p];
      double[] xp = x[p];
      for (int i = 0; i < u.length; i++) {
        u[i] -= xp[i] * bp;
      }
    }
    return u;
  }

  private static double[][] clusterScores(double[][] x, double[] w, double[] u, int[] cl, int g) {
    double[][] s = new double[g][x.length];
    for (int i = 0; i < u.length; i++) {
      double wu = (w == null ? 1.0 : w[i]) * u[i];
      double[] sg = s[cl[i]];
      for (int p = 0; p < x.length; p++) {
        sg[p] += x[p][i] * wu;
      }
    }
    return s;
  }

  double estimate() {
    return estimate;
  }

  double standardError() {
    return standardError;
  }

  /** Bootstrap t statistics for the null value r (WCR) or centred on the estimate (WCU). */
  double[] tStatistics(double r) {
    double[] t = new double[n0.length];
    for (int d = 0; d < t.length; d++) {
      double num = n0[d] - r * n1[d];
      double var = scale * (a[d] - 2.0 * r * b[d] + r * r * c[d]);
      t[d] = num / Math.sqrt(Math.max(var, 0.0));
    }
    return t;
  }

  /** Symmetric bootstrap p-value of {@code H0: b_j = r}: share of draws with |t*| >= |t(r)|. */
  double pValue(double r) {
    double t = (estimate - r) / standardError;
    double t2 = t * t * (1.0 - 1e-12);
    int count = 0;
    for (int d = 0; d < n0.length; d++) {
      double num = n0[d] - r * n1[d];
      double var = scale * (a[d] - 2.0 * r * b[d] + r * r * c[d]);
      if (num * num >= t2 * var) {
        count++;
      }
    }
    return (double) count / n0.length;
  }

  /** Bound of the test-inversion interval on one side ({@code direction} = -1 or +1). */
  double invert(double alpha, int direction) {
    double inside = estimate;
    double step = Math.max(standardError, 1e-12 * Math.max(1.0, Math.abs(estimate)));
    double outside = estimate + direction * step;
    int expansions = 0;
    while (pValue(outside) >= alpha) {
      inside = outside;
      step *= 2.0;
      outside = estimate + direction * step;
      if (++expansions > 60) {
        return direction * Double.POSITIVE_INFINITY;
      }
    }
    for (int it = 0; it < 200; it++) {
      double mid = 0.5 * (inside + outside);
      if (mid == inside || mid == outside) {
        break;
      }
      if (pValue(mid) >= alpha) {
        inside = mid;
      } else {
        outside = mid;
      }
      if (Math.abs(outside - inside) <= 1e-10 * standardError) {
        break;
      }
    }
    return 0.5 * (inside + outside);
  }
}
