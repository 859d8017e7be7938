package org.pioneereval.estimators;

/**
 * One component of an {@link AggregatedEffects}: {@code key} is the event time (DYNAMIC), the
 * cohort (GROUP) or the calendar period (CALENDAR); with the estimate and its analytic standard
 * error (NaN where the influence function is identically 0, as did reports NA).
 */
public record AggregatedEffect(int key, double att, double standardError) {}
