package org.pioneereval.estimators.matching;

/**
 * Sample sizes of a balance table (MatchIt's "Sample Sizes" block): all units, units with a
 * positive weight after matching or weighting, and Kish's effective sample size {@code (sum w)^2 /
 * sum w^2} per group.
 *
 * @param treatedAll treated units in the input
 * @param controlAll control units in the input
 * @param treatedMatched treated units with a positive weight
 * @param controlMatched control units with a positive weight
 * @param treatedEffective effective sample size of the treated
 * @param controlEffective effective sample size of the controls
 */
public record SampleSizes(
    int treatedAll,
    int controlAll,
    int treatedMatched,
    int controlMatched,
    double treatedEffective,
    double controlEffective) {

  public int unmatchedTreated() {
    return treatedAll - treatedMatched;
  }

  public int unmatchedControl() {
    return controlAll - controlMatched;
  }
}
