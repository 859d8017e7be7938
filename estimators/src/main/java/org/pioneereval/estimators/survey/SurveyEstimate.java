package org.pioneereval.estimators.survey;

import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.pioneereval.estimators.ConfidenceInterval;
import org.pioneereval.estimators.EstimationErrors;

/**
 * A design-based estimate with its Taylor-linearised standard error (see {@link PsuVariance}).
 *
 * @param statistic total, mean or ratio
 * @param variable the (numerator) variable
 * @param denominator the denominator variable of a ratio; empty otherwise
 * @param domain the subpopulation the estimate refers to; empty for the whole population
 * @param calibratedOn the calibration variables (besides the population size) of a GREG estimate;
 *     empty without calibration
 * @param estimate the point estimate
 * @param standardError the linearised standard error
 * @param degreesOfFreedom design degrees of freedom, PSUs minus strata (R {@code degf})
 */
public record SurveyEstimate(
    SurveyStatistic statistic,
    String variable,
    String denominator,
    String domain,
    List<String> calibratedOn,
    double estimate,
    double standardError,
    int degreesOfFreedom) {

  public SurveyEstimate {
    calibratedOn = List.copyOf(calibratedOn);
  }

  /**
   * {@code estimate +- t_{(1+level)/2, df} * se}. With few PSUs the t quantile on the design
   * degrees of freedom is the safer choice (R: {@code confint(est, df = degf(design))}; R's default
   * {@code confint} uses the normal quantile).
   */
  public ConfidenceInterval confidenceInterval(double level) {
    if (!(level > 0.0 && level < 1.0)) {
      throw EstimationErrors.invalidLevel(level);
    }
    double q =
        new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(0.5 + level / 2);
    return new ConfidenceInterval(
        estimate - q * standardError, estimate + q * standardError, level);
  }

  @Override
  public String toString() {
    String what =
        switch (statistic) {
          case TOTAL -> "total(" + variable + ")";
          case MEAN -> "mean(" + variable + ")";
          case RATIO -> "ratio(" + variable + " / " + denominator + ")";
        };
    return String.format(
        Locale.ROOT,
        "%s%s%s = %.8g (SE %.7g, df %d)",
        what,
        domain.isEmpty() ? "" : " in " + domain,
        calibratedOn.isEmpty() ? "" : ", calibrated on " + calibratedOn,
        estimate,
        standardError,
        degreesOfFreedom);
  }
}
