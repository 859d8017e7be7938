package org.pioneereval.estimators;

import org.pioneereval.estimators.internal.Matrices;

/**
 * The 2x2 DiD estimators for repeated cross-sections of R {@code DRDID} ({@code reg_did_rc}, {@code
 * std_ipw_did_rc}, {@code drdid_rc}: the locally efficient doubly robust estimator, Sant'Anna and
 * Zhao 2020 eq. 3.4) with their influence functions, on the rows of one group-time cell (treated
 * cohort and comparison rows in the cell's two periods). Weights are normalised to mean 1 within
 * the cell. Propensity scores are capped at {@code 1 - 1e-6}; comparison rows with a score at or
 * above {@link DrDidPanel#TRIM_LEVEL} get weight 0 (DRDID {@code trim.level}). The influence
 * function is on the cell's scale (one value per row); the caller rescales it by n/n1. Checked
 * against DRDID's numeric regression lock (test_regression_lock.R) to 10 decimals.
 */
final class DrDidRepeatedCrossSection {
  private static final double PS_CAP = 1.0 - 1e-6;

  /** Outcome of one cell. */
  record Result(double att, double[] influence, DrDidPanel.Problem problem) {
    static Result failed(DrDidPanel.Problem problem) {
      return new Result(Double.NaN, null, problem);
    }
  }

  private DrDidRepeatedCrossSection() {}

  /**
   * Without covariates all three estimators reduce to the 2x2 of four weighted means, {@code
   * (Ybar_T1 - Ybar_T0) - (Ybar_C1 - Ybar_C0)}, whose influence function is the sum of the four
   * means' ones.
   */
  static Result fourMeans(double[] y, boolean[] post, double[] d, double[] rawWeights) {
    int n = y.length;
    double[] w = normalised(rawWeights);
    double[] sw = new double[4];
    double[] sy = new double[4];
    for (int i = 0; i < n; i++) {
      int c = cell(d[i], post[i]);
      sw[c] += w[i];
      sy[c] += w[i] * y[i];
    }
    double[] mean = new double[4];
    for (int c = 0; c < 4; c++) {
      mean[c] = sy[c] / sw[c];
    }
    double att = (mean[3] - mean[2]) - (mean[1] - mean[0]);
    double[] inf = new double[n];
    for (int i = 0; i < n; i++) {
      int c = cell(d[i], post[i]);
      double sign = (c == 3 || c == 0) ? 1.0 : -1.0;
      inf[i] = sign * w[i] * (y[i] - mean[c]) / (sw[c] / n);
    }
    return new Result(att, inf, DrDidPanel.Problem.NONE);
  }

  /** 0 comparison-pre, 1 comparison-post, 2 treated-pre, 3 treated-post. */
  private static int cell(double d, boolean post) {
    return (d == 1.0 ? 2 : 0) + (post ? 1 : 0);
  }

  /**
   * @param y outcome per row of the cell
   * @param post true for rows of the later-labelled ("post") period of the pair
   * @param d 1 for rows of the treated cohort, 0 for comparison rows
   * @param x covariates per row, first column the intercept ({@code x[i][j]})
   * @param rawWeights sampling weights
   */
  static Result estimate(
      EstimationMethod method,
      double[] y,
      boolean[] post,
      double[] d,
      double[][] x,
      double[] rawWeights) {
    double[] w = normalised(rawWeights);
    return switch (method) {
      case REGRESSION -> regression(y, post, d, x, w);
      case INVERSE_PROBABILITY_WEIGHTING -> ipw(y, post, d, x, w);
      case DOUBLY_ROBUST -> doublyRobust(y, post, d, x, w);
    };
  }

  private static double[] normalised(double[] raw) {
    double mean = 0.0;
    for (double v : raw) {
      mean += v;
    }
    mean /= raw.length;
    double[] w = new double[raw.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = raw[i] / mean;
    }
    return w;
  }

  /**
   * A weighted least-squares fit on the rows selected by {@code (treated, post)}: fitted values for
   * every row, and {@code A = (X'W_s X / n)^-1} for the fit's asymptotic linear representation
   * {@code w_i s_i (y_i - x_i'b) x_i' A}.
   */
  private record Fit(double[] fitted, double[][] a, boolean treated, boolean post) {
    /** {@code sum_k lin_ik v_k} for every row: the representation applied to a vector. */
    double[] apply(double[] y, boolean[] postOf, double[] d, double[][] x, double[] w, double[] v) {
      double[] av = Matrices.multiply(a, v);
      double[] out = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        if (selects(d[i], postOf[i])) {
          out[i] = w[i] * (y[i] - fitted[i]) * Matrices.dot(x[i], av);
        }
      }
      return out;
    }

    boolean selects(double d, boolean postRow) {
      return (d == 1.0) == treated && postRow == post;
    }
  }

  private static Fit fit(
      double[] y,
      boolean[] post,
      double[] d,
      double[][] x,
      double[] w,
      boolean treated,
      boolean p) {
    int n = y.length;
    int k = x[0].length;
    double[][] xtx = new double[k][k];
    double[] xty = new double[k];
    for (int i = 0; i < n; i++) {
      if ((d[i] == 1.0) != treated || post[i] != p) {
        continue;
      }
      for (int a = 0; a < k; a++) {
        double wa = w[i] * x[i][a];
        xty[a] += wa * y[i] / n;
        for (int b = 0; b < k; b++) {
          xtx[a][b] += wa * x[i][b] / n;
        }
      }
    }
    double[][] a = Matrices.invertSpd(xtx, null);
    if (a == null) {
      return null;
    }
    double[] beta = Matrices.multiply(a, xty);
    double[] fitted = new double[n];
    for (int i = 0; i < n; i++) {
      fitted[i] = Matrices.dot(x[i], beta);
    }
    return new Fit(fitted, a, treated, p);
  }

  /** Column means {@code (1/n) sum_i c_i x_i}. */
  private static double[] columnMeans(double[][] x, double[] c) {
    int n = x.length;
    int k = x[0].length;
    double[] m = new double[k];
    for (int i = 0; i < n; i++) {
      if (c[i] == 0.0) {
        continue;
      }
      for (int a = 0; a < k; a++) {
        m[a] += c[i] * x[i][a] / n;
      }
    }
    return m;
  }

  private static double mean(double[] v) {
    double s = 0.0;
    for (double e : v) {
      s += e;
    }
    return s / v.length;
  }

  private static double weightedMean(double[] w, double[] v) {
    double s = 0.0;
    double sw = 0.0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * v[i];
      sw += w[i];
    }
    return s / sw;
  }

  /** DRDID {@code reg_did_rc}: comparison outcome regressions in each period. */
  private static Result regression(
      double[] y, boolean[] post, double[] d, double[][] x, double[] w) {
    int n = y.length;
    Fit c0 = fit(y, post, d, x, w, false, false);
    Fit c1 = fit(y, post, d, x, w, false, true);
    if (c0 == null || c1 == null) {
      return Result.failed(DrDidPanel.Problem.OUTCOME_REGRESSION_SINGULAR);
    }
    double[] wt1 = new double[n];
    double[] wt0 = new double[n];
    double[] wd = new double[n];
    double[] change = new double[n];
    for (int i = 0; i < n; i++) {
      wd[i] = w[i] * d[i];
      wt1[i] = post[i] ? wd[i] : 0.0;
      wt0[i] = post[i] ? 0.0 : wd[i];
      change[i] = c1.fitted()[i] - c0.fitted()[i];
    }
    double e1 = weightedMean(wt1, y);
    double e0 = weightedMean(wt0, y);
    double ec = weightedMean(wd, change);
    double mwt1 = mean(wt1);
    double mwt0 = mean(wt0);
    double mwd = mean(wd);
    double[] m1 = columnMeans(x, wd);
    double[] lin1 = c1.apply(y, post, d, x, w, m1);
    double[] lin0 = c0.apply(y, post, d, x, w, m1);
    double[] inf = new double[n];
    for (int i = 0; i < n; i++) {
      double treat = wt1[i] * (y[i] - e1) / mwt1 - wt0[i] * (y[i] - e0) / mwt0;
      double cont = (wd[i] * (change[i] - ec) + lin1[i] - lin0[i]) / mwd;
      inf[i] = treat - cont;
    }
    return new Result((e1 - e0) - ec, inf, DrDidPanel.Problem.NONE);
  }

  /** Logit scores capped at {@link #PS_CAP}, or null under perfect separation. */
  private static double[] propensity(double[] d, double[][] x, double[] w) {
    int k = x[0].length;
    double[] ps = DrDidPanel.logit(d, x, w, new double[k][k]);
    if (ps == null) {
      return null;
    }
    for (int i = 0; i < ps.length; i++) {
      ps[i] = Math.min(ps[i], PS_CAP);
    }
    return ps;
  }

  /**
   * {@code lin_i . v} of the logit: {@code w_i (d_i - p_i) x_i' H v}, H = n (X' diag(w p (1-p))
   * X)^-1 at the capped scores (DRDID).
   */
  private static double[] propensityApply(
      double[] d, double[][] x, double[] w, double[] ps, double[] v) {
    int n = d.length;
    int k = x[0].length;
    double[][] h = new double[k][k];
    for (int i = 0; i < n; i++) {
      double c = w[i] * ps[i] * (1.0 - ps[i]);
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          h[a][b] += c * x[i][a] * x[i][b];
        }
      }
    }
    double[][] hi = Matrices.invertSpd(h, null);
    if (hi == null) {
      return null;
    }
    double[] hv = Matrices.multiply(LinearRegression.scale(hi, n), v);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = w[i] * (d[i] - ps[i]) * Matrices.dot(x[i], hv);
    }
    return out;
  }

  /** Weights of the four IPW means: treated rows as they are, comparisons by the odds, trimmed. */
  private record IpwWeights(double[] wt1, double[] wt0, double[] wc1, double[] wc0) {
    static IpwWeights of(boolean[] post, double[] d, double[] w, double[] ps) {
      int n = d.length;
      double[] wt1 = new double[n];
      double[] wt0 = new double[n];
      double[] wc1 = new double[n];
      double[] wc0 = new double[n];
      for (int i = 0; i < n; i++) {
        if (d[i] == 1.0) {
          (post[i] ? wt1 : wt0)[i] = w[i];
        } else if (ps[i] < DrDidPanel.TRIM_LEVEL) {
          (post[i] ? wc1 : wc0)[i] = w[i] * ps[i] / (1.0 - ps[i]);
        }
      }
      return new IpwWeights(wt1, wt0, wc1, wc0);
    }
  }

  /** DRDID {@code std_ipw_did_rc}: Hajek IPW means in each group and period. */
  private static Result ipw(double[] y, boolean[] post, double[] d, double[][] x, double[] w) {
    int n = y.length;
    double[] ps = propensity(d, x, w);
    if (ps == null) {
      return Result.failed(DrDidPanel.Problem.PROPENSITY_SCORE_NEAR_ONE);
    }
    IpwWeights iw = IpwWeights.of(post, d, w, ps);
    double at1 = weightedMean(iw.wt1(), y);
    double at0 = weightedMean(iw.wt0(), y);
    double ac1 = weightedMean(iw.wc1(), y);
    double ac0 = weightedMean(iw.wc0(), y);
    double mt1 = mean(iw.wt1());
    double mt0 = mean(iw.wt0());
    double mc1 = mean(iw.wc1());
    double mc0 = mean(iw.wc0());
    double[] r1 = new double[n];
    double[] r0 = new double[n];
    for (int i = 0; i < n; i++) {
      r1[i] = iw.wc1()[i] * (y[i] - ac1) / mc1;
      r0[i] = iw.wc0()[i] * (y[i] - ac0) / mc0;
    }
    double[] m2 = subtract(columnMeans(x, r1), columnMeans(x, r0));
    double[] psTerm = propensityApply(d, x, w, ps, m2);
    if (psTerm == null) {
      return Result.failed(DrDidPanel.Problem.PROPENSITY_SCORE_NEAR_ONE);
    }
    double[] inf = new double[n];
    for (int i = 0; i < n; i++) {
      double treat = iw.wt1()[i] * (y[i] - at1) / mt1 - iw.wt0()[i] * (y[i] - at0) / mt0;
      double cont = r1[i] - r0[i] + psTerm[i];
      inf[i] = treat - cont;
    }
    return new Result((at1 - at0) - (ac1 - ac0), inf, DrDidPanel.Problem.NONE);
  }

  /**
   * DRDID {@code drdid_rc}: IPW comparison of residuals from the comparison regressions, plus the
   * local-efficiency terms from treated-group regressions in each period.
   */
  private static Result doublyRobust(
      double[] y, boolean[] post, double[] d, double[][] x, double[] w) {
    int n = y.length;
    double[] ps = propensity(d, x, w);
    if (ps == null) {
      return Result.failed(DrDidPanel.Problem.PROPENSITY_SCORE_NEAR_ONE);
    }
    Fit c0 = fit(y, post, d, x, w, false, false);
    Fit c1 = fit(y, post, d, x, w, false, true);
    Fit t0 = fit(y, post, d, x, w, true, false);
    Fit t1 = fit(y, post, d, x, w, true, true);
    if (c0 == null || c1 == null || t0 == null || t1 == null) {
      return Result.failed(DrDidPanel.Problem.OUTCOME_REGRESSION_SINGULAR);
    }
    IpwWeights iw = IpwWeights.of(post, d, w, ps);
    double[] wt1 = iw.wt1();
    double[] wt0 = iw.wt0();
    double[] wc1 = iw.wc1();
    double[] wc0 = iw.wc0();
    double[] wd = new double[n];
    double[] r = new double[n];
    double[] g1 = new double[n];
    double[] g0 = new double[n];
    for (int i = 0; i < n; i++) {
      wd[i] = w[i] * d[i];
      r[i] = y[i] - (post[i] ? c1.fitted()[i] : c0.fitted()[i]);
      g1[i] = t1.fitted()[i] - c1.fitted()[i];
      g0[i] = t0.fitted()[i] - c0.fitted()[i];
    }
    double at1 = weightedMean(wt1, r);
    double at0 = weightedMean(wt0, r);
    double ac1 = weightedMean(wc1, r);
    double ac0 = weightedMean(wc0, r);
    double ad1 = weightedMean(wd, g1);
    double adt1 = weightedMean(wt1, g1);
    double ad0 = weightedMean(wd, g0);
    double adt0 = weightedMean(wt0, g0);
    double att = (at1 - at0) - (ac1 - ac0) + (ad1 - adt1) - (ad0 - adt0);

    double mt1 = mean(wt1);
    double mt0 = mean(wt0);
    double mc1 = mean(wc1);
    double mc0 = mean(wc0);
    double md = mean(wd);
    // derivative vectors of the nuisance estimates (see Sant'Anna and Zhao 2020, Appendix)
    double[] treatPost = scaled(columnMeans(x, wt1), -1.0 / mt1);
    double[] treatPre = scaled(columnMeans(x, wt0), -1.0 / mt0);
    double[] contPost = scaled(columnMeans(x, wc1), -1.0 / mc1);
    double[] contPre = scaled(columnMeans(x, wc0), -1.0 / mc0);
    double[] dd1 = new double[n];
    double[] dd0 = new double[n];
    double[] res1 = new double[n];
    double[] res0 = new double[n];
    for (int i = 0; i < n; i++) {
      dd1[i] = wd[i] / md - wt1[i] / mt1;
      dd0[i] = wd[i] / md - wt0[i] / mt0;
      res1[i] = wc1[i] * (r[i] - ac1) / mc1;
      res0[i] = wc0[i] * (r[i] - ac0) / mc0;
    }
    double[] mom1 = columnMeans(x, dd1);
    double[] mom0 = columnMeans(x, dd0);
    double[] m2 = subtract(columnMeans(x, res1), columnMeans(x, res0));
    double[] psTerm = propensityApply(d, x, w, ps, m2);
    if (psTerm == null) {
      return Result.failed(DrDidPanel.Problem.PROPENSITY_SCORE_NEAR_ONE);
    }
    // each regression's linear representation enters through one combined vector
    double[] linC1 = c1.apply(y, post, d, x, w, subtract(subtract(treatPost, contPost), mom1));
    double[] linC0 = c0.apply(y, post, d, x, w, add(subtract(treatPre, contPre), mom0));
    double[] linT1 = t1.apply(y, post, d, x, w, mom1);
    double[] linT0 = t0.apply(y, post, d, x, w, mom0);
    double[] inf = new double[n];
    for (int i = 0; i < n; i++) {
      double treat = wt1[i] * (r[i] - at1) / mt1 - wt0[i] * (r[i] - at0) / mt0;
      double cont = res1[i] - res0[i] + psTerm[i];
      double eff =
          (wd[i] * (g1[i] - ad1) / md - wt1[i] * (g1[i] - adt1) / mt1)
              - (wd[i] * (g0[i] - ad0) / md - wt0[i] * (g0[i] - adt0) / mt0);
      inf[i] = treat - cont + eff + linC1[i] + linC0[i] + linT1[i] - linT0[i];
    }
    return new Result(att, inf, DrDidPanel.Problem.NONE);
  }

  private static double[] scaled(double[] v, double c) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * c;
    }
    return out;
  }

  private static double[] subtract(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  private static double[] add(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }
}
