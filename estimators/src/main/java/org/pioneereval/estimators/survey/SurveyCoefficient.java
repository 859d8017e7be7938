package org.pioneereval.estimators.survey;

import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.pioneereval.estimators.ConfidenceInterval;
import org.pioneereval.estimators.EstimationErrors;

/**
 * One coefficient (or linear combination of coefficients) of a {@link SurveyGlm} with its
 * linearised standard error and t-test on the model's residual degrees of freedom (PSUs - strata +
 * 1 - K, as R {@code summary(svyglm)}).
 *
 * @param name coefficient name, e.g. {@code "treated:post"}
 * @param estimate point estimate
 * @param standardError linearised (PSU sandwich) standard error
 * @param degreesOfFreedom residual degrees of freedom of the t-test
 */
public record SurveyCoefficient(
    String name, double estimate, double standardError, int degreesOfFreedom) {

  public double tStatistic() {
    return estimate / standardError;
  }

  /** Two-sided p-value {@code 2 P(T_df > |t|)}. */
  public double pValue() {
    double t = Math.abs(tStatistic());
    return 2.0 * new TDistribution(null, degreesOfFreedom).cumulativeProbability(-t);
  }

  /** {@code estimate +- t_{(1+level)/2, df} * se}. */
  public ConfidenceInterval confidenceInterval(double level) {
    if (!(level > 0.0 && level < 1.0)) {
      throw EstimationErrors.invalidLevel(level);
    }
    double q =
        new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(0.5 + level / 2);
    return new ConfidenceInterval(
        estimate - q * standardError, estimate + q * standardError, level);
  }

  /** The same coefficient in other units (e.g. x100 for percentage points), renamed. */
  public SurveyCoefficient scaled(double factor, String newName) {
    return new SurveyCoefficient(
        newName, factor * estimate, Math.abs(factor) * standardError, degreesOfFreedom);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s = %.8g (SE %.7g, t %.4f, p %.4g, df %d)",
        name,
        estimate,
        standardError,
        tStatistic(),
        pValue(),
        degreesOfFreedom);
  }
}
