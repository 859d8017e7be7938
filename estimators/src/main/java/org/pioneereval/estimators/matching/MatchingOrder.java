package org.pioneereval.estimators.matching;

/**
 * The order in which greedy matching visits treated units (MatchIt {@code m.order}). Ties keep the
 * data order (R's {@code order()} is stable).
 */
public enum MatchingOrder {
  /** Decreasing distance (MatchIt's default for a propensity score: hardest to match first). */
  LARGEST_FIRST,
  /** Increasing distance. */
  SMALLEST_FIRST,
  /** The order of the rows. */
  DATA_ORDER
}
