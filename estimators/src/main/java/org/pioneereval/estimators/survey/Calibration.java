package org.pioneereval.estimators.survey;

import java.util.List;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.internal.Matrices;

/**
 * Linear (GREG) calibration solved on summed cross-products {@code S = sum_i w_i x_i a_i'} (K x P,
 * the first K columns are x itself): {@code lambda = (S_xx)^-1 (T - S_x1)} and the regression
 * coefficients {@code B = (S_xx)^-1 S} of every column on x.
 */
final class Calibration {
  private final double[] lambda;
  private final double[][] coefficients;

  private Calibration(double[] lambda, double[][] coefficients) {
    this.lambda = lambda;
    this.coefficients = coefficients;
  }

  static Calibration solve(double[][] sums, double[] populationTotals, List<String> xNames) {
    int k = sums.length;
    int p = sums[0].length;
    double[][] sxx = new double[k][k];
    double[] gap = new double[k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        sxx[a][b] = sums[a][b];
      }
      gap[a] = populationTotals[a] - sums[0][a];
    }
    int[] failed = new int[1];
    double[][] inv = Matrices.invertSpd(sxx, failed);
    if (inv == null) {
      throw EstimationErrors.singularCalibration(xNames.get(failed[0]));
    }
    double[] lambda = Matrices.multiply(inv, gap);
    double[][] b = new double[k][p];
    for (int j = 0; j < p; j++) {
      double[] col = new double[k];
      for (int a = 0; a < k; a++) {
        col[a] = sums[a][j];
      }
      double[] coef = Matrices.multiply(inv, col);
      for (int a = 0; a < k; a++) {
        b[a][j] = coef[a];
      }
    }
    return new Calibration(lambda, b);
  }

  /** {@code lambda}: the calibration factor of a row is {@code g = 1 + x' lambda}. */
  double[] lambda() {
    return lambda.clone();
  }

  /** Calibrated totals {@code sum w g a_p = S[0][p] + lambda' S[., p]}. */
  double[] calibratedTotals(double[][] sums) {
    return gWeighted(sums);
  }

  /** PSU scores {@code sum_c w g (a_p - x' B_p)} from the PSU's cross-products. */
  double[] residualisedScores(double[][] psuSums) {
    double[] u = gWeighted(psuSums);
    int k = lambda.length;
    double[] s = new double[u.length];
    for (int j = 0; j < u.length; j++) {
      double fitted = 0.0;
      for (int a = 0; a < k; a++) {
        fitted += u[a] * coefficients[a][j];
      }
      s[j] = j < k ? 0.0 : u[j] - fitted;
    }
    return s;
  }

  private double[] gWeighted(double[][] sums) {
    int k = lambda.length;
    int p = sums[0].length;
    double[] out = new double[p];
    for (int j = 0; j < p; j++) {
      double v = sums[0][j];
      for (int a = 0; a < k; a++) {
        v += lambda[a] * sums[a][j];
      }
      out[j] = v;
    }
    return out;
  }
}
