package org.pioneereval.estimators.synth;

/** The weight {@code omega_i} of one control unit in the synthetic control. */
public record UnitWeight(String unit, double weight) {}
