package org.pioneereval.estimators.survey;

import java.util.List;

/**
 * What a {@link SurveyGlm} needs from the data at one coefficient vector beta: the score totals of
 * each PSU {@code sum_{i in c} w_i x_i (y_i - mu_i)}, the expected information {@code sum w V(mu) x
 * x'}, the weighted log-likelihood, and the sums for R's dispersion: {@code sum w r} and {@code sum
 * w r^2} of the Pearson residuals {@code r = (y - mu) / sqrt(V(mu))}.
 *
 * @param psus the PSUs, sorted
 * @param psuScores one score vector per PSU
 * @param information the K x K expected information
 * @param logLikelihood the weighted (quasi-)log-likelihood, for step halving
 * @param rows rows (zero weights included)
 * @param positiveRows rows with a positive weight (R's n in the dispersion)
 * @param sumWeights {@code sum w}
 * @param pearsonSum {@code sum w r}
 * @param pearsonSquares {@code sum w r^2}
 */
public record GlmScores(
    List<PsuKey> psus,
    double[][] psuScores,
    double[][] information,
    double logLikelihood,
    long rows,
    long positiveRows,
    double sumWeights,
    double pearsonSum,
    double pearsonSquares) {

  public GlmScores {
    psus = List.copyOf(psus);
  }

  /** {@code sum_c} of the PSU scores: the gradient of the weighted log-likelihood. */
  public double[] totalScore() {
    double[] out = new double[information.length];
    for (double[] s : psuScores) {
      for (int j = 0; j < out.length; j++) {
        out[j] += s[j];
      }
    }
    return out;
  }
}
