package org.pioneereval.jobs.did;

import java.util.Optional;
import org.pioneereval.estimators.BootstrapResult;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.RandomizationResult;
import org.pioneereval.estimators.WaldTest;

/**
 * What one {@code pioneer-eval did} run produced, with the specification and the data that produced
 * it. {@link #effect()} is present for twfe and 2x2, {@link #eventStudy()} for event-study; the
 * bootstrap and randomisation results only when they were asked for.
 */
public record DidResult(
    DidSpecification specification,
    InputFormat format,
    DataSummary data,
    Optional<DidEstimate> effect,
    Optional<EventStudyResult> eventStudy,
    Optional<WaldTest> preTrendWald,
    Optional<BootstrapResult> wildBootstrap,
    Optional<RandomizationResult> randomization) {

  /**
   * The data behind the estimate: rows read, used and left out because a needed value was empty;
   * distinct units, periods and clusters; units treated at some point.
   */
  public record DataSummary(
      long rowsRead,
      long rowsUsed,
      long rowsDroppedMissing,
      int units,
      int periods,
      int clusters,
      int treatedUnits) {}
}
