package org.pioneereval.estimators;

/**
 * How the observations behind a {@link CallawaySantAnna} estimate were sampled, which decides what
 * n is in {@code SE = sqrt(mean(IF^2)/n)} and over what the influence function is summed.
 */
public enum SamplingDesign {
  /**
   * Every unit observed in every period ({@link StaggeredPanel}): one influence-function value per
   * unit, n = units.
   */
  BALANCED_PANEL,
  /**
   * Units observed in some periods only ({@link StaggeredObservations} with unit ids; did {@code
   * allow_unbalanced_panel = TRUE}): each cell uses the repeated-cross-section estimators on the
   * observations of its two periods, the influence function is summed by unit, n = units.
   */
  UNBALANCED_PANEL,
  /**
   * Different people in every period, e.g. survey waves ({@link StaggeredObservations} without unit
   * ids; did {@code panel = FALSE}): every observation is its own unit, n = observations.
   */
  REPEATED_CROSS_SECTIONS
}
