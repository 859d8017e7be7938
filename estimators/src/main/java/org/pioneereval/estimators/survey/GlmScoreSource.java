package org.pioneereval.estimators.survey;

import java.util.List;

/**
 * The data of a {@link SurveyGlm}, seen only through per-PSU score totals at a given beta. {@link
 * GlmCells} is the in-memory implementation; a distributed implementation evaluates {@link
 * #scoresAt} as one aggregation per Newton iteration (about five for a logit), so that only
 * K-vectors per PSU and one K x K matrix reach the driver.
 */
public interface GlmScoreSource {
  /** Names of the K regressors, in the order of beta. */
  List<String> coefficientNames();

  /** The design's variance rule (finite population correction, lonely PSUs). */
  PsuVariance variance();

  /** Scores, information and dispersion sums at {@code beta}. */
  GlmScores scoresAt(GlmFamily family, double[] beta);
}
