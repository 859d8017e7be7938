package org.pioneereval.estimators.survey;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.pioneereval.estimators.ConfidenceInterval;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Design-based quantile with a Woodruff confidence interval, as R {@code survey::svyquantile(~y,
 * design, p, ci = TRUE)} in survey 4.1 (defaults {@code qrule = "math"}, {@code interval.type =
 * "mean"}; Woodruff 1952, JASA 47:635-646):
 *
 * <ol>
 *   <li>{@code q = min{y : F(y) >= p}}, {@code F} the design-weighted distribution function (the
 *       inverse of the weighted CDF, "math" rule);
 *   <li>{@code F(q)} is the design mean of {@code 1[y <= q]}, with linearised SE {@code s};
 *   <li>the interval for p, {@code F(q) +- t s} with {@code t = t_{(1+level)/2, degf}}, is mapped
 *       back through the quantile rule, and {@code SE = (upper - lower) / (2 t)}.
 * </ol>
 *
 * <p>With a calibrated design the calibrated weights and residualised scores are used. A
 * distributed version needs two passes: the weighted distribution (sum of w per distinct value),
 * then PSU totals of {@code 1[y <= q]}.
 */
public final class SurveyQuantile {
  private SurveyQuantile() {}

  /**
   * The estimate of a quantile with its interval at {@code level}.
   *
   * @param probability p in (0, 1), e.g. 0.5 for the median
   */
  public static QuantileEstimate estimate(
      SurveyDesign design, String name, double[] y, double probability, double level) {
    if (!(probability > 0.0 && probability < 1.0)) {
      throw EstimationErrors.invalidProbability(probability);
    }
    if (!(level > 0.0 && level < 1.0)) {
      throw EstimationErrors.invalidLevel(level);
    }
    double[] values = design.checkedColumn(name, y, null);
    double[] w = design.analysisWeights();
    Integer[] order = new Integer[values.length];
    int m = 0;
    for (int i = 0; i < values.length; i++) {
      if (w[i] != 0.0) {
        order[m++] = i;
      }
    }
    Integer[] sorted = Arrays.copyOf(order, m);
    Arrays.sort(sorted, Comparator.comparingDouble(i -> values[i]));
    double[] x = new double[m];
    double[] cumulative = new double[m];
    double sum = 0.0;
    double compensation = 0.0;
    for (int r = 0; r < m; r++) {
      x[r] = values[sorted[r]];
      // compensated summation, close to R's long double cumsum
      double term = w[sorted[r]] - compensation;
      double next = sum + term;
      compensation = (next - sum) - term;
      sum = next;
      cumulative[r] = sum;
    }
    double q = quantileRule(x, cumulative, probability);
    double[] below = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      below[i] = values[i] <= q ? 1.0 : 0.0;
    }
    SurveyEstimate cdf = design.mean(name + " <= " + q, below);
    int df = cdf.degreesOfFreedom();
    double t = new TDistribution(null, df).inverseCumulativeProbability(0.5 + level / 2);
    double pLow = cdf.estimate() - t * cdf.standardError();
    double pHigh = cdf.estimate() + t * cdf.standardError();
    double lower = pLow < 0.0 ? Double.NaN : quantileRule(x, cumulative, pLow);
    double upper = pHigh > 1.0 ? Double.NaN : quantileRule(x, cumulative, pHigh);
    return new QuantileEstimate(
        name,
        probability,
        q,
        new ConfidenceInterval(lower, upper, level),
        (upper - lower) / (2.0 * t),
        df,
        design.calibratedOn());
  }

  /** R survey's {@code qrule_math} on sorted values and cumulative weights. */
  private static double quantileRule(double[] x, double[] cumulative, double p) {
    int n = x.length;
    double total = cumulative[n - 1];
    double target = p * total;
    int pos = 0; // R: last(cumw <= p * sum(w)), 1 if none
    for (int r = 0; r < n; r++) {
      if (cumulative[r] <= target) {
        pos = r;
      }
    }
    int next = pos == n - 1 ? pos : pos + 1;
    double wlow = p - cumulative[pos] / total;
    return wlow == 0.0 ? x[pos] : x[next];
  }

  /**
   * A design-based quantile.
   *
   * @param variable the variable
   * @param probability p
   * @param quantile the estimate
   * @param interval the Woodruff interval (an end is NaN when the interval for p leaves [0, 1])
   * @param standardError (upper - lower) / (2 t), as R prints it
   * @param degreesOfFreedom design degrees of freedom of t
   * @param calibratedOn calibration variables, empty without calibration
   */
  public record QuantileEstimate(
      String variable,
      double probability,
      double quantile,
      ConfidenceInterval interval,
      double standardError,
      int degreesOfFreedom,
      List<String> calibratedOn) {

    public QuantileEstimate {
      calibratedOn = List.copyOf(calibratedOn);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "quantile(%s, %s) = %s [%s, %s] (SE %.7g, df %d)",
          variable,
          probability,
          quantile,
          interval.lower(),
          interval.upper(),
          standardError,
          degreesOfFreedom);
    }
  }
}
