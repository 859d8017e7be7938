package org.pioneereval.estimators;

/**
 * Restrictions of the DYNAMIC aggregation (did {@code aggte(min_e, max_e, balance_e)}): event times
 * outside [{@code minEventTime}, {@code maxEventTime}] are not reported (nor averaged into the
 * overall effect); with {@code balanceEventTime} = e only cohorts observed at least e periods after
 * adoption enter, so every reported event time averages the same cohorts.
 */
public record EventTimeWindow(int minEventTime, int maxEventTime, Integer balanceEventTime) {
  /** Every event time, unbalanced (the did default). */
  public static EventTimeWindow all() {
    return new EventTimeWindow(Integer.MIN_VALUE, Integer.MAX_VALUE, null);
  }

  /** Event times from {@code min} to {@code max}. */
  public static EventTimeWindow between(int min, int max) {
    return new EventTimeWindow(min, max, null);
  }

  /** Only cohorts with at least {@code e} post-adoption periods (did {@code balance_e = e}). */
  public static EventTimeWindow balanced(int e) {
    return new EventTimeWindow(Integer.MIN_VALUE, Integer.MAX_VALUE, e);
  }
}
