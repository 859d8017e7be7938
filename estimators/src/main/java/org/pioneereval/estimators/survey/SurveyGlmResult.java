package org.pioneereval.estimators.survey;

import java.util.List;
import java.util.Locale;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.internal.Matrices;

/**
 * A fitted {@link SurveyGlm}: coefficients, their linearised covariance and R's summary numbers.
 *
 * @param family the error distribution and link
 * @param coefficientNames regressor names
 * @param coefficients the design-weighted (pseudo-)maximum likelihood estimates
 * @param covariance {@code A^-1 V(sum_c s_c) A^-1}, the PSU-linearised sandwich
 * @param residualDegreesOfFreedom PSUs - strata + 1 - K (R {@code svyglm}'s {@code df.residual}),
 *     with K not counting PSU fixed effects after {@link SurveyGlm#fitWithPsuFixedEffects}
 * @param dispersion R's printed dispersion: the design-weighted variance of the Pearson residuals
 *     {@code (y - mu) / sqrt(V(mu))} times n/(n-1), n = rows with positive weight (R {@code
 *     svyvar(resid(fit, "pearson"), design)}); not used by the standard errors
 * @param rows rows in the fit
 * @param psus PSUs in the fit
 * @param iterations Newton iterations until convergence
 * @param lonelyPsu the lonely-PSU rule of the variance
 */
public record SurveyGlmResult(
    GlmFamily family,
    List<String> coefficientNames,
    double[] coefficients,
    double[][] covariance,
    int residualDegreesOfFreedom,
    double dispersion,
    long rows,
    int psus,
    int iterations,
    LonelyPsu lonelyPsu) {

  public SurveyGlmResult {
    coefficientNames = List.copyOf(coefficientNames);
    coefficients = coefficients.clone();
    covariance = Matrices.copy(covariance);
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  @Override
  public double[][] covariance() {
    return Matrices.copy(covariance);
  }

  /** One coefficient with its standard error and t-test. */
  public SurveyCoefficient coefficient(String name) {
    int j = coefficientNames.indexOf(name);
    if (j < 0) {
      throw EstimationErrors.unknownCoefficient(name, coefficientNames.toString());
    }
    return new SurveyCoefficient(
        name, coefficients[j], Math.sqrt(covariance[j][j]), residualDegreesOfFreedom);
  }

  /** {@code sum_j weights[j] beta_j} with standard error {@code sqrt(a' V a)}. */
  public SurveyCoefficient linearCombination(String name, double[] weights) {
    if (weights.length != coefficients.length) {
      throw EstimationErrors.countMismatch(
          "weights", weights.length, coefficients.length, "coefficient");
    }
    return new SurveyCoefficient(
        name,
        Matrices.dot(weights, coefficients),
        Math.sqrt(Matrices.quadraticForm(covariance, weights)),
        residualDegreesOfFreedom);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SurveyGlmResult r
        && family == r.family
        && coefficientNames.equals(r.coefficientNames)
        && java.util.Arrays.equals(coefficients, r.coefficients)
        && java.util.Arrays.deepEquals(covariance, r.covariance)
        && residualDegreesOfFreedom == r.residualDegreesOfFreedom
        && Double.compare(dispersion, r.dispersion) == 0
        && rows == r.rows
        && psus == r.psus
        && iterations == r.iterations
        && lonelyPsu == r.lonelyPsu;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(coefficients) * 31 + coefficientNames.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SurveyGlmResult{" + family + ", ");
    for (String n : coefficientNames) {
      sb.append(coefficient(n)).append("; ");
    }
    return sb.append(
            String.format(
                Locale.ROOT,
                "dispersion %.7g, rows %d, PSUs %d, iterations %d}",
                dispersion,
                rows,
                psus,
                iterations))
        .toString();
  }
}
