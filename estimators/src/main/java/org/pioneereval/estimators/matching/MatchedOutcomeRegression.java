package org.pioneereval.estimators.matching;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.LinearRegression;
import org.pioneereval.estimators.RegressionData;
import org.pioneereval.estimators.RegressionResult;
import org.pioneereval.estimators.VarianceType;

/**
 * The effect on the treated after matching or weighting: weighted least squares of the outcome on
 * an intercept, the treatment indicator and optional covariates, over the units with a positive
 * weight, as the MatchIt vignette's {@code lm(re78 ~ treat + covariates, data = match.data(m),
 * weights = weights)}.
 *
 * <p>Variance: after matching without replacement, cluster-robust by matched pair (subclass) with
 * the existing {@link LinearRegression} and {@link VarianceType#CR1_STATA}, whose factor {@code
 * G/(G-1) (N-1)/(N-K)} equals R {@code sandwich::vcovCL(fit, cluster = ~subclass)} for an lm with
 * its defaults (type HC1, cadjust); with replacement or with weights (IPW, CEM), {@link
 * VarianceType#HC1} ({@code N/(N-K)}, = {@code vcovHC(type = "HC1")}). The p-value of {@link
 * MatchedEffect} uses t with N-K degrees of freedom, as {@code coeftest} does for lm.
 */
public final class MatchedOutcomeRegression {
  /** Name of the treatment coefficient. */
  public static final String TREATMENT = "treat";

  /** Name of the intercept. */
  public static final String INTERCEPT = "(Intercept)";

  private final double[] outcome;
  private final boolean[] treated;
  private final Covariates adjustment;

  private MatchedOutcomeRegression(double[] outcome, boolean[] treated, Covariates adjustment) {
    this.outcome = outcome;
    this.treated = treated;
    this.adjustment = adjustment;
  }

  /** Outcome and treatment of all units (matched or not), in the order of the matched sample. */
  public static MatchedOutcomeRegression of(double[] outcome, boolean[] treated) {
    if (treated.length != outcome.length) {
      throw EstimationErrors.matchingLengthMismatch("treated", treated.length, outcome.length);
    }
    return new MatchedOutcomeRegression(outcome.clone(), treated.clone(), null);
  }

  /** The same regression with covariates added (regression adjustment after matching). */
  public MatchedOutcomeRegression adjustFor(Covariates covariates) {
    if (covariates.size() != outcome.length) {
      throw EstimationErrors.matchingLengthMismatch(
          "covariates", covariates.size(), outcome.length);
    }
    return new MatchedOutcomeRegression(outcome, treated, covariates);
  }

  /** Fits on a nearest-neighbour matched sample. */
  public MatchedEffect fit(MatchedSample sample) {
    if (sample.size() != outcome.length) {
      throw EstimationErrors.matchingLengthMismatch(
          "matched sample", sample.size(), outcome.length);
    }
    if (sample.hasSubclasses()) {
      return fit(sample.weights(), sample.subclass(), VarianceType.CR1_STATA);
    }
    return fit(sample.weights(), null, VarianceType.HC1);
  }

  /** Fits with unit weights (IPW, CEM, or matching with replacement); HC1 variance. */
  public MatchedEffect fit(double[] weights) {
    if (weights.length != outcome.length) {
      throw EstimationErrors.matchingLengthMismatch("weights", weights.length, outcome.length);
    }
    return fit(weights, null, VarianceType.HC1);
  }

  private MatchedEffect fit(double[] weights, int[] subclass, VarianceType type) {
    int m = 0;
    for (double w : weights) {
      if (w > 0.0) {
        m++;
      }
    }
    List<String> names = new ArrayList<>(List.of(INTERCEPT, TREATMENT));
    int extra = adjustment == null ? 0 : adjustment.count();
    if (extra > 0) {
      names.addAll(adjustment.names());
    }
    double[][] columns = new double[2 + extra][m];
    double[] y = new double[m];
    double[] w = new double[m];
    int[] cluster = subclass == null ? null : new int[m];
    int r = 0;
    for (int i = 0; i < outcome.length; i++) {
      if (!(weights[i] > 0.0)) {
        continue;
      }
      columns[0][r] = 1.0;
      columns[1][r] = treated[i] ? 1.0 : 0.0;
      for (int j = 0; j < extra; j++) {
        columns[2 + j][r] = adjustment.columnView(j)[i];
      }
      y[r] = outcome[i];
      w[r] = weights[i];
      if (cluster != null) {
        cluster[r] = subclass[i];
      }
      r++;
    }
    RegressionResult fit =
        LinearRegression.builder()
            .variance(type)
            .build()
            .fit(RegressionData.of(names, columns, y, w, cluster));
    int b = fit.indexOf(TREATMENT);
    double estimate = fit.coefficient(b);
    double se = fit.standardError(b);
    double t = estimate / se;
    double df = (double) fit.nObservations() - names.size();
    double p = 2.0 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
    return new MatchedEffect(estimate, se, t, p, df, type, fit);
  }
}
