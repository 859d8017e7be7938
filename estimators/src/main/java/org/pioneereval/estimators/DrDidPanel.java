package org.pioneereval.estimators;

import org.pioneereval.estimators.internal.Matrices;

/**
 * The 2x2 panel DiD estimators with covariates of R {@code DRDID} ({@code reg_did_panel}, {@code
 * std_ipw_did_panel}, {@code drdid_panel}) with their influence functions, on one group-time
 * subsample (treated units of the cohort plus comparison units). Weights are normalised to mean 1
 * within the subsample, as DRDID does. The influence function is on the subsample's scale; the
 * caller rescales it by n/n1.
 */
final class DrDidPanel {
  /** Comparison units with a propensity score at or above this are trimmed (DRDID trim.level). */
  static final double TRIM_LEVEL = 0.995;

  /** Cells with a propensity score at or above this are not estimated (did's overlap check). */
  static final double OVERLAP_LIMIT = 0.999;

  /** Outcome of one cell. */
  record Result(double att, double[] influence, Problem problem) {}

  enum Problem {
    NONE,
    PROPENSITY_SCORE_NEAR_ONE,
    OUTCOME_REGRESSION_SINGULAR
  }

  private DrDidPanel() {}

  /**
   * @param dy outcome change per unit of the subsample
   * @param d 1 for treated units of the cohort, 0 for comparison units
   * @param x covariates per unit, first column the intercept ({@code x[i][j]})
   * @param rawWeights sampling weights
   */
  static Result estimate(
      EstimationMethod method, double[] dy, double[] d, double[][] x, double[] rawWeights) {
    int n = dy.length;
    int k = x[0].length;
    double wMean = 0.0;
    for (double w : rawWeights) {
      wMean += w;
    }
    wMean /= n;
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = rawWeights[i] / wMean;
    }
    double[] ps = null;
    double[][] psHessianN = null;
    if (method != EstimationMethod.REGRESSION) {
      double[][] hInv = new double[k][k];
      ps = logit(d, x, w, hInv);
      if (ps == null) {
        return new Result(Double.NaN, null, Problem.PROPENSITY_SCORE_NEAR_ONE);
      }
      for (double p : ps) {
        if (p >= OVERLAP_LIMIT) {
          return new Result(Double.NaN, null, Problem.PROPENSITY_SCORE_NEAR_ONE);
        }
      }
      psHessianN = LinearRegression.scale(hInv, n);
    }
    double[] outDelta = null;
    double[][] olsLinRep = null;
    if (method != EstimationMethod.INVERSE_PROBABILITY_WEIGHTING) {
      double[][] xtx = new double[k][k];
      double[] xty = new double[k];
      for (int i = 0; i < n; i++) {
        double wi = w[i] * (1.0 - d[i]);
        if (wi == 0.0) {
          continue;
        }
        for (int a = 0; a < k; a++) {
          for (int b = 0; b < k; b++) {
            xtx[a][b] += wi * x[i][a] * x[i][b];
          }
          xty[a] += wi * x[i][a] * dy[i];
        }
      }
      double[][] inv = Matrices.invertSpd(xtx, null);
      if (inv == null) {
        return new Result(Double.NaN, null, Problem.OUTCOME_REGRESSION_SINGULAR);
      }
      double[] beta = Matrices.multiply(inv, xty);
      outDelta = new double[n];
      for (int i = 0; i < n; i++) {
        outDelta[i] = Matrices.dot(x[i], beta);
      }
      // asymptotic linear representation of the WLS coefficients: w(1-D)(dy - x'b) x' (X'WX/n)^-1
      double[][] xpxInvN = LinearRegression.scale(inv, n);
      olsLinRep = new double[n][];
      for (int i = 0; i < n; i++) {
        double e = w[i] * (1.0 - d[i]) * (dy[i] - outDelta[i]);
        double[] s = new double[k];
        for (int a = 0; a < k; a++) {
          s[a] = e * x[i][a];
        }
        olsLinRep[i] = Matrices.multiply(xpxInvN, s);
      }
    }
    double[][] psLinRep = null;
    if (ps != null) {
      psLinRep = new double[n][];
      for (int i = 0; i < n; i++) {
        double e = w[i] * (d[i] - ps[i]);
        double[] s = new double[k];
        for (int a = 0; a < k; a++) {
          s[a] = e * x[i][a];
        }
        psLinRep[i] = Matrices.multiply(psHessianN, s);
      }
    }
    return switch (method) {
      case REGRESSION -> regression(dy, d, x, w, outDelta, olsLinRep);
      case INVERSE_PROBABILITY_WEIGHTING -> ipw(dy, d, x, w, ps, psLinRep);
      case DOUBLY_ROBUST -> doublyRobust(dy, d, x, w, ps, psLinRep, outDelta, olsLinRep);
    };
  }

  private static Result regression(
      double[] dy, double[] d, double[][] x, double[] w, double[] outDelta, double[][] olsLinRep) {
    int n = dy.length;
    int k = x[0].length;
    double mwT = 0.0;
    double sT = 0.0;
    double sC = 0.0;
    double[] m1 = new double[k];
    for (int i = 0; i < n; i++) {
      double wt = w[i] * d[i];
      mwT += wt;
      sT += wt * dy[i];
      sC += wt * outDelta[i];
      for (int a = 0; a < k; a++) {
        m1[a] += wt * x[i][a];
      }
    }
    mwT /= n;
    double etaT = sT / n / mwT;
    double etaC = sC / n / mwT;
    for (int a = 0; a < k; a++) {
      m1[a] /= n;
    }
    double[] inf = new double[n];
    for (int i = 0; i < n; i++) {
      double wt = w[i] * d[i];
      double infTreat = (wt * dy[i] - wt * etaT) / mwT;
      double infCont = (wt * outDelta[i] - wt * etaC + Matrices.dot(olsLinRep[i], m1)) / mwT;
      inf[i] = infTreat - infCont;
    }
    return new Result(etaT - etaC, inf, Problem.NONE);
  }

  private static double[] controlWeights(double[] d, double[] w, double[] ps) {
    double[] wc = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      double p = Math.min(ps[i], 1.0 - 1e-6);
      boolean keep = d[i] == 1.0 || p < TRIM_LEVEL;
      wc[i] = keep ? w[i] * p * (1.0 - d[i]) / (1.0 - p) : 0.0;
    }
    return wc;
  }

  private static Result ipw(
      double[] dy, double[] d, double[][] x, double[] w, double[] ps, double[][] psLinRep) {
    int n = dy.length;
    int k = x[0].length;
    double[] wc = controlWeights(d, w, ps);
    double mwT = 0.0;
    double mwC = 0.0;
    double sT = 0.0;
    double sC = 0.0;
    for (int i = 0; i < n; i++) {
      double wt = w[i] * d[i];
      mwT += wt;
      mwC += wc[i];
      sT += wt * dy[i];
      sC += wc[i] * dy[i];
    }
    double etaT = sT / mwT;
    double etaC = sC / mwC;
    mwT /= n;
    mwC /= n;
    double[] m2 = new double[k];
    for (int i = 0; i < n; i++) {
      double c = wc[i] * (dy[i] - etaC);
      for (int a = 0; a < k; a++) {
        m2[a] += c * x[i][a] / n;
      }
    }
    double[] inf = new double[n];
    for (int i = 0; i < n; i++) {
      double wt = w[i] * d[i];
      double infTreat = (wt * dy[i] - wt * etaT) / mwT;
      double infCont = (wc[i] * dy[i] - wc[i] * etaC + Matrices.dot(psLinRep[i], m2)) / mwC;
      inf[i] = infTreat - infCont;
    }
    return new Result(etaT - etaC, inf, Problem.NONE);
  }

  private static Result doublyRobust(
      double[] dy,
      double[] d,
      double[][] x,
      double[] w,
      double[] ps,
      double[][] psLinRep,
      double[] outDelta,
      double[][] olsLinRep) {
    int n = dy.length;
    int k = x[0].length;
    double[] wc = controlWeights(d, w, ps);
    double mwT = 0.0;
    double mwC = 0.0;
    double sT = 0.0;
    double sC = 0.0;
    for (int i = 0; i < n; i++) {
      double wt = w[i] * d[i];
      double r = dy[i] - outDelta[i];
      mwT += wt;
      mwC += wc[i];
      sT += wt * r;
      sC += wc[i] * r;
    }
    double etaT = sT / mwT;
    double etaC = sC / mwC;
    mwT /= n;
    mwC /= n;
    double[] m1 = new double[k];
    double[] m2 = new double[k];
    double[] m3 = new double[k];
    for (int i = 0; i < n; i++) {
      double wt = w[i] * d[i];
      double r = dy[i] - outDelta[i];
      for (int a = 0; a < k; a++) {
        m1[a] += wt * x[i][a] / n;
        m2[a] += wc[i] * (r - etaC) * x[i][a] / n;
        m3[a] += wc[i] * x[i][a] / n;
      }
    }
    double[] inf = new double[n];
    for (int i = 0; i < n; i++) {
      double wt = w[i] * d[i];
      double r = dy[i] - outDelta[i];
      double infTreat = (wt * r - wt * etaT - Matrices.dot(olsLinRep[i], m1)) / mwT;
      double infCont =
          (wc[i] * r
                  - wc[i] * etaC
                  + Matrices.dot(psLinRep[i], m2)
                  - Matrices.dot(olsLinRep[i], m3))
              / mwC;
      inf[i] = infTreat - infCont;
    }
    return new Result(etaT - etaC, inf, Problem.NONE);
  }

  /**
   * Weighted logit by Newton-Raphson (= glm's IRLS at convergence). Returns fitted probabilities
   * and writes the inverse Hessian {@code (sum w p(1-p) x x')^-1} (= {@code vcov(glm)}) into {@code
   * hessianInverse}; null when the information matrix is singular (perfect separation).
   */
  static double[] logit(double[] d, double[][] x, double[] w, double[][] hessianInverse) {
    int n = d.length;
    int k = x[0].length;
    double[] beta = new double[k];
    double[] p = new double[n];
    double[][] inv = null;
    for (int iter = 0; iter < 100; iter++) {
      double[][] h = new double[k][k];
      double[] score = new double[k];
      for (int i = 0; i < n; i++) {
        double eta = Matrices.dot(x[i], beta);
        p[i] = 1.0 / (1.0 + Math.exp(-eta));
        double v = w[i] * p[i] * (1.0 - p[i]);
        for (int a = 0; a < k; a++) {
          score[a] += w[i] * (d[i] - p[i]) * x[i][a];
          for (int b = 0; b < k; b++) {
            h[a][b] += v * x[i][a] * x[i][b];
          }
        }
      }
      inv = Matrices.invertSpd(h, null);
      if (inv == null) {
        return null;
      }
      double[] step = Matrices.multiply(inv, score);
      double change = 0.0;
      for (int a = 0; a < k; a++) {
        beta[a] += step[a];
        change = Math.max(change, Math.abs(step[a]) / (1.0 + Math.abs(beta[a])));
      }
      if (change < 1e-13) {
        break;
      }
    }
    // final probabilities and Hessian at the converged coefficients
    double[][] h = new double[k][k];
    for (int i = 0; i < n; i++) {
      p[i] = 1.0 / (1.0 + Math.exp(-Matrices.dot(x[i], beta)));
      double v = w[i] * p[i] * (1.0 - p[i]);
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          h[a][b] += v * x[i][a] * x[i][b];
        }
      }
    }
    inv = Matrices.invertSpd(h, null);
    if (inv == null) {
      return null;
    }
    for (int a = 0; a < k; a++) {
      System.arraycopy(inv[a], 0, hessianInverse[a], 0, k);
    }
    return p;
  }
}
