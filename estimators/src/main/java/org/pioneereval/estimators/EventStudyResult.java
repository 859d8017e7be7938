package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.List;

/**
 * Event-study coefficients (one per estimated event time, in increasing order; the reference period
 * is omitted) and the joint Wald test that all pre-period coefficients are zero.
 */
public final class EventStudyResult {
  private final List<EventStudyCoefficient> coefficients;
  private final RegressionResult regression;
  private final int[] leadIndices;
  private final int referencePeriod;

  EventStudyResult(
      List<EventStudyCoefficient> coefficients,
      RegressionResult regression,
      int[] leadIndices,
      int referencePeriod) {
    this.coefficients = List.copyOf(coefficients);
    this.regression = regression;
    this.leadIndices = leadIndices;
    this.referencePeriod = referencePeriod;
  }

  public List<EventStudyCoefficient> coefficients() {
    return coefficients;
  }

  /** The coefficient for one event time. */
  public EventStudyCoefficient coefficient(int eventTime) {
    for (EventStudyCoefficient c : coefficients) {
      if (c.eventTime() == eventTime) {
        return c;
      }
    }
    List<Integer> known = new ArrayList<>();
    coefficients.forEach(c -> known.add(c.eventTime()));
    throw EstimationErrors.unknownCoefficient(
        EventStudy.eventTimeName(eventTime), "event times " + known);
  }

  /**
   * Joint test that every lead (event time below 0, reference excluded) is zero: {@code F = b' V^-1
   * b / q}, F(q, G-1) for clustered variances, F(q, N-K) otherwise.
   */
  public WaldTest preTrendWald() {
    if (leadIndices.length == 0) {
      throw EstimationErrors.noPreTrendCoefficients();
    }
    return regression.waldTest(leadIndices);
  }

  public int referencePeriod() {
    return referencePeriod;
  }

  /** The whole regression (event-time dummies, covariates, period effects). */
  public RegressionResult regression() {
    return regression;
  }
}
