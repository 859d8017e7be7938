package org.pioneereval.estimators.survey;

import java.util.List;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Estimated population totals of a set of columns with their PSU score totals, from which every
 * total, mean and ratio follows by Taylor linearisation (Woodruff 1971, JASA 66:411-414):
 *
 * <ul>
 *   <li>total {@code Y = sum w y}: PSU score {@code t_c(y)};
 *   <li>mean {@code ybar = Y / N}, {@code N = sum w}: PSU score {@code (t_c(y) - ybar t_c(1)) / N};
 *   <li>ratio {@code R = Y / X}: PSU score {@code (t_c(y) - R t_c(x)) / X}.
 * </ul>
 *
 * <p>A domain mean is the ratio of the columns {@code d*y} and {@code d}. The variance of each PSU
 * score follows {@link PsuVariance}. With GREG calibration ({@link PsuTotals#calibrate}) the totals
 * use the calibrated weights and the scores are the calibrated, residualised ones. Instances come
 * from {@link PsuTotals#estimator()} or {@link PsuTotals#calibrate}.
 */
public final class LinearisedTotals {
  private final List<String> columns;
  private final double[] totals;
  private final List<PsuKey> psus;
  private final double[][] scores;
  private final PsuVariance variance;
  private final List<String> calibratedOn;

  LinearisedTotals(
      List<String> columns,
      double[] totals,
      List<PsuKey> psus,
      double[][] scores,
      PsuVariance variance,
      List<String> calibratedOn) {
    if (psus.isEmpty()) {
      throw EstimationErrors.noPsus();
    }
    this.columns = columns;
    this.totals = totals;
    this.psus = psus;
    this.scores = scores;
    this.variance = variance;
    this.calibratedOn = List.copyOf(calibratedOn);
  }

  /** The estimated total of a column, e.g. {@code sum w y}. */
  public SurveyEstimate total(String column) {
    return total(column, "");
  }

  /** The mean of a column over the population, {@code sum w y / sum w}. */
  public SurveyEstimate mean(String column) {
    return ratio(SurveyStatistic.MEAN, column, PsuTotals.ONE, "");
  }

  /**
   * The mean of y in a domain: {@code sum w d y / sum w d}, from the columns {@code d*y} ({@code
   * domainVariable}) and {@code d} ({@code domainIndicator}); all PSUs stay in the variance.
   */
  public SurveyEstimate domainMean(String domainVariable, String domainIndicator) {
    return ratio(SurveyStatistic.MEAN, domainVariable, domainIndicator, domainIndicator);
  }

  /** The ratio of two totals, {@code sum w y / sum w x}. */
  public SurveyEstimate ratio(String numerator, String denominator) {
    return ratio(SurveyStatistic.RATIO, numerator, denominator, "");
  }

  SurveyEstimate total(String column, String domain) {
    int j = index(column);
    double[][] s = new double[psus.size()][1];
    for (int c = 0; c < s.length; c++) {
      s[c][0] = scores[c][j];
    }
    return estimate(SurveyStatistic.TOTAL, column, "", domain, totals[j], s);
  }

  SurveyEstimate ratio(SurveyStatistic kind, String numerator, String denominator, String domain) {
    int y = index(numerator);
    int x = index(denominator);
    double den = totals[x];
    if (den == 0.0) {
      throw EstimationErrors.zeroDenominator(denominator, domain.isEmpty() ? numerator : domain);
    }
    double r = totals[y] / den;
    double[][] s = new double[psus.size()][1];
    for (int c = 0; c < s.length; c++) {
      s[c][0] = (scores[c][y] - r * scores[c][x]) / den;
    }
    String shownDenominator = kind == SurveyStatistic.RATIO ? denominator : "";
    return estimate(kind, numerator, shownDenominator, domain, r, s);
  }

  private SurveyEstimate estimate(
      SurveyStatistic kind,
      String variable,
      String denominator,
      String domain,
      double value,
      double[][] psuScores) {
    double v = variance.covariance(psus, psuScores)[0][0];
    return new SurveyEstimate(
        kind,
        variable,
        denominator,
        domain,
        calibratedOn,
        value,
        Math.sqrt(v),
        variance.degreesOfFreedom(psus));
  }

  /** The estimated total of each column, in {@link #columns()} order. */
  public double[] totals() {
    return totals.clone();
  }

  public List<String> columns() {
    return columns;
  }

  public List<PsuKey> psus() {
    return psus;
  }

  /** A copy of the PSU score totals, one row per PSU of {@link #psus()}. */
  public double[][] psuScores() {
    double[][] out = new double[scores.length][];
    for (int c = 0; c < scores.length; c++) {
      out[c] = scores[c].clone();
    }
    return out;
  }

  public PsuVariance variance() {
    return variance;
  }

  private int index(String column) {
    int j = columns.indexOf(column);
    if (j < 0) {
      throw EstimationErrors.unknownSurveyVariable(column, columns.toString());
    }
    return j;
  }
}
