package org.pioneereval.estimators;

/**
 * One Callaway and Sant'Anna group-time average treatment effect ATT(g,t): cohort {@code group}
 * (first treated period), calendar {@code period}, the {@code basePeriod} it is compared with,
 * whether it is post-treatment ({@code period >= group}), the estimate and its analytic standard
 * error {@code sqrt(mean(IF^2)/n)} (NaN for the reference cell of a universal base period, whose
 * effect is 0 by construction), and the numbers of treated and comparison units used.
 */
public record GroupTimeEffect(
    int group,
    int period,
    int basePeriod,
    boolean postTreatment,
    double att,
    double standardError,
    int treatedUnits,
    int comparisonUnits) {

  /** Event time {@code period - group}. */
  public int eventTime() {
    return period - group;
  }

  /** True for the universal-base reference cell (effect 0 by normalisation). */
  public boolean isReference() {
    return period == basePeriod;
  }
}
