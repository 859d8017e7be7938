package org.pioneereval.estimators.survey;

import java.util.List;
import java.util.Locale;

/**
 * The result of a {@link SurveyDid}: the DiD in score points and in top-box percentage points, the
 * two underlying regressions, and the threshold that defined top box.
 *
 * @param topBoxThreshold scores at or above it count as top box ({@code NaN} if not recorded)
 * @param scoreModel the regression of the score
 * @param topBoxModel the linear probability regression of the top-box indicator
 */
public record SurveyDidResult(
    double topBoxThreshold, SurveyGlmResult scoreModel, SurveyGlmResult topBoxModel) {

  /** The DiD of the mean score, in score points. */
  public SurveyCoefficient scorePoints() {
    return scoreModel.coefficient(SurveyDid.INTERACTION);
  }

  /** The DiD of the top-box share, in percentage points (100 x the LPM coefficient). */
  public SurveyCoefficient topBoxPercentagePoints() {
    return topBoxModel
        .coefficient(SurveyDid.INTERACTION)
        .scaled(100.0, SurveyDid.INTERACTION + " (percentage points)");
  }

  /**
   * The model's mean score in one cell (covariates at 0). Without covariates it is the
   * design-weighted mean score of the cell, with its linearised standard error.
   */
  public SurveyCoefficient scoreMean(DidCell cell) {
    return scoreModel.linearCombination(
        cell.name(), SurveyDid.regressorsWithZeroCovariates(cell, scoreModel));
  }

  /** The model's top-box share of one cell in percent (covariates at 0). */
  public SurveyCoefficient topBoxPercent(DidCell cell) {
    return topBoxModel
        .linearCombination(cell.name(), SurveyDid.regressorsWithZeroCovariates(cell, topBoxModel))
        .scaled(100.0, cell.name() + " (percent)");
  }

  /** Adjustment covariates of the regressions (empty for the saturated 2x2). */
  public List<String> covariates() {
    List<String> names = scoreModel.coefficientNames();
    return names.subList(4, names.size());
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "SurveyDidResult{score: %s; top box (>= %s): %s; covariates %s}",
        scorePoints(),
        topBoxThreshold,
        topBoxPercentagePoints(),
        covariates());
  }
}
