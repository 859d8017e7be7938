package org.pioneereval.estimators.matching;

import java.util.List;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.internal.Matrices;

/**
 * A fitted propensity-score logit ({@link LogisticRegression}): coefficients, their model-based
 * variance {@code (X'WX)^-1}, log-likelihood and the fitting parameters. {@link
 * #propensityScore(double[])} evaluates {@code 1/(1+exp(-x'beta))} for a covariate row laid out as
 * in the fit (a Spark job applies the same formula to each row).
 *
 * @param coefficientNames names of the K columns
 * @param coefficients the maximum-likelihood estimates
 * @param vcov inverse information at the estimates
 * @param logLikelihood the maximised log-likelihood
 * @param iterations number of passes over the data (cross-product evaluations)
 * @param observations number of rows
 * @param sumOfWeights sum of the prior weights (= observations when unweighted)
 * @param maxIterations the iteration limit used
 * @param tolerance the convergence tolerance used
 */
public record LogitFit(
    List<String> coefficientNames,
    double[] coefficients,
    double[][] vcov,
    double logLikelihood,
    int iterations,
    long observations,
    double sumOfWeights,
    int maxIterations,
    double tolerance) {

  public LogitFit {
    coefficientNames = List.copyOf(coefficientNames);
    coefficients = coefficients.clone();
    vcov = Matrices.copy(vcov);
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  @Override
  public double[][] vcov() {
    return Matrices.copy(vcov);
  }

  public double coefficient(String name) {
    return coefficients[indexOf(name)];
  }

  public double standardError(String name) {
    int i = indexOf(name);
    return Math.sqrt(vcov[i][i]);
  }

  /** Residual deviance {@code -2 logLik}. */
  public double deviance() {
    return -2.0 * logLikelihood;
  }

  private int indexOf(String name) {
    int i = coefficientNames.indexOf(name);
    if (i < 0) {
      throw EstimationErrors.unknownCoefficient(name, coefficientNames.toString());
    }
    return i;
  }

  /** The linear predictor {@code x'beta} (the logit of the propensity score). */
  public double linearPredictor(double[] x) {
    if (x.length != coefficients.length) {
      throw EstimationErrors.dimensionMismatch(coefficients.length, x.length);
    }
    double eta = 0.0;
    for (int j = 0; j < x.length; j++) {
      eta += x[j] * coefficients[j];
    }
    return eta;
  }

  /**
   * The propensity score {@code 1/(1+exp(-x'beta))} of one covariate row, computed as R's binomial
   * {@code linkinv}: {@code t/(1+t)} with {@code t = exp(eta)}, eta clamped to [-30, 30] (so that a
   * score is never exactly 0 or 1 and ties fall as in R).
   */
  public double propensityScore(double[] x) {
    return inverseLogit(linearPredictor(x));
  }

  /** R's {@code binomial()$linkinv} ({@code logit_linkinv} in R's family.c). */
  public static double inverseLogit(double eta) {
    double t;
    if (eta < -30.0) {
      t = EPSILON;
    } else if (eta > 30.0) {
      t = 1.0 / EPSILON;
    } else {
      t = Math.exp(eta);
    }
    return t / (1.0 + t);
  }

  private static final double EPSILON = Math.ulp(1.0);

  /** Propensity scores of many rows. */
  public double[] propensityScores(double[][] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = propensityScore(rows[i]);
    }
    return out;
  }
}
