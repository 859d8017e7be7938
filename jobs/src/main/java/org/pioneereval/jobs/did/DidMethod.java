package org.pioneereval.jobs.did;

import java.util.Locale;
import org.pioneereval.jobs.runtime.PipelineErrors;

/** The estimators {@code pioneer-eval did} runs, by the name {@code --estimator} takes. */
public enum DidMethod {
  /**
   * Two-way fixed effects: outcome on the treated-and-post indicator with unit and period effects
   * ({@link org.pioneereval.estimators.TwoWayFixedEffectsDid}); the only method with wild cluster
   * bootstrap and randomisation inference.
   */
  TWFE("twfe"),
  /**
   * Canonical 2x2: ever-treated vs never-treated units, periods before the first adoption vs
   * periods from the last adoption on ({@link org.pioneereval.estimators.TwoByTwoDid}); with one
   * adoption date this is the textbook before/after comparison.
   */
  TWO_BY_TWO("2x2"),
  /**
   * Dynamic TWFE with one coefficient per event time around adoption and the joint pre-trend Wald
   * test ({@link org.pioneereval.estimators.EventStudy}).
   */
  EVENT_STUDY("event-study");

  private final String optionValue;

  DidMethod(String optionValue) {
    this.optionValue = optionValue;
  }

  /** The value {@code --estimator} takes and the JSON result reports. */
  public String optionValue() {
    return optionValue;
  }

  /** Parses an {@code --estimator} value, ignoring case. */
  public static DidMethod fromOption(String value) {
    for (DidMethod m : values()) {
      if (m.optionValue.equals(value.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw PipelineErrors.didUnknownEstimator(value);
  }
}
