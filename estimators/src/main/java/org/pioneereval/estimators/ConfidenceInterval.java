package org.pioneereval.estimators;

/** A two-sided confidence interval {@code [lower, upper]} at the given coverage level. */
public record ConfidenceInterval(double lower, double upper, double level) {}
