package org.pioneereval.estimators.synth;

/** The weight {@code lambda_t} of one pre-period in the pre-treatment comparison. */
public record PeriodWeight(int period, double weight) {}
