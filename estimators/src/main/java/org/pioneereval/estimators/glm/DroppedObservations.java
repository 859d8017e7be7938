package org.pioneereval.estimators.glm;

/**
 * Rows left out of a fit and why. Poisson: the {@code groups} levels of fixed effect {@code
 * fixedEffect} whose outcomes are all zero, with their {@code rows} rows (their fixed effect would
 * be minus infinity and they carry no information on the coefficients; fixest {@code fixef.rm =
 * "perfect"}). A row can lie in all-zero groups of several dimensions, so the rows of different
 * entries may overlap; {@link PoissonResult#observationsDropped()} counts each row once.
 */
public record DroppedObservations(String fixedEffect, int groups, int rows, String reason) {
  /** The reason of Poisson drops. */
  public static final String ALL_OUTCOMES_ZERO = "all outcomes zero";
}
