package org.pioneereval.generator;

/**
 * The true effect of the programme on one outcome, from the model's expected values (never from the
 * random draws).
 *
 * <p>A cell is a site-month (rates, cost) or a site-wave (survey items); it is <i>treated-post</i>
 * when the site is a pioneer and the period starts on or after its go-live month (a survey wave
 * starts with its January fieldwork). With E[Y(1)] and E[Y(0)] the expected outcome with and
 * without the programme:
 *
 * <ul>
 *   <li>{@code trueAtt} = mean over treated-post cells of E[Y(1)] - E[Y(0)];
 *   <li>{@code trueAttWave1}, {@code trueAttWave2}: the same over one wave's cells (NaN when the
 *       wave has none);
 *   <li>{@code trueAtt2x2}: the same over all pioneer cells from the last go-live month on (the
 *       "2x2" window pioneers vs comparison sites, post = 2015-04..end by default);
 *   <li>{@code counterfactualMeanTreatedPost}: mean E[Y(0)] over treated-post cells, and {@code
 *       relativeEffect} = trueAtt / counterfactualMeanTreatedPost;
 *   <li>{@code configuredEffect}: the wave-1 effect as configured (relative for admission rates,
 *       latent-score points for survey items, NaN for the derived cost per capita), and {@code
 *       effectReferenceLevel}: for admission rates the pioneers' mean deseasonalised counterfactual
 *       rate at go-live that turns it into an additive shift (NaN otherwise). For static effects
 *       trueAtt = configuredEffect x effectReferenceLevel x (share of wave-1 cells + ratio x share
 *       of wave-2 cells).
 * </ul>
 *
 * @param treatedPostCells number of treated-post cells {@code trueAtt} averages over
 */
public record OutcomeTruth(
    Outcome outcome,
    double trueAtt,
    double trueAttWave1,
    double trueAttWave2,
    double trueAtt2x2,
    double relativeEffect,
    double counterfactualMeanTreatedPost,
    double configuredEffect,
    double effectReferenceLevel,
    long treatedPostCells) {

  /** The outcome's column name, e.g. {@code emergency_admissions_rate}. */
  public String name() {
    return outcome.columnName();
  }

  /** The unit of {@code trueAtt}, e.g. "admissions per 1,000 population per month". */
  public String unit() {
    return outcome.unit();
  }

  public PanelLevel panelLevel() {
    return outcome.panelLevel();
  }
}
