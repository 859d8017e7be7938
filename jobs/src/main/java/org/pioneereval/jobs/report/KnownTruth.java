package org.pioneereval.jobs.report;

import java.util.OptionalDouble;
import org.pioneereval.jobs.estimate.Estimator;

/**
 * The true effects behind a synthetic data set, when there are any: a demo or a simulation knows
 * them, a real evaluation does not ({@link #NONE}).
 */
public interface KnownTruth {

  /** The true value of what {@code estimator} estimates for an outcome, if known. */
  OptionalDouble trueEffect(String outcomeColumn, Estimator estimator);

  /**
   * The true effect on the matched cohort's treated patients of {@code model} ({@code RATE_RATIO}
   * or {@code DIFFERENCE}) for a patient-level outcome, if known.
   */
  default OptionalDouble trueCohortEffect(String cohortOutcome, String model) {
    return OptionalDouble.empty();
  }

  KnownTruth NONE = (outcome, estimator) -> OptionalDouble.empty();
}
