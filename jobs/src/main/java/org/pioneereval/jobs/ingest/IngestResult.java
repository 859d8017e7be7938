package org.pioneereval.jobs.ingest;

import java.util.List;

/**
 * What one ingest run did: per inspected drop its outcome, and the number of drops skipped because
 * the same file had been ingested before.
 */
public record IngestResult(String runId, List<DropOutcome> outcomes, long dropsSkipped) {

  /** The outcome of one drop. Refused drops have no accepted or quarantined rows. */
  public record DropOutcome(
      String dropId,
      String extract,
      String status,
      RefusalReason reason,
      String message,
      long rowsReceived,
      long rowsAccepted,
      long rowsQuarantined) {}

  public long dropsAccepted() {
    return outcomes.stream().filter(o -> o.reason() == null).count();
  }

  public long dropsRefused() {
    return outcomes.stream().filter(o -> o.reason() != null).count();
  }

  public long rowsReceived() {
    return outcomes.stream().mapToLong(DropOutcome::rowsReceived).sum();
  }

  public long rowsAccepted() {
    return outcomes.stream().mapToLong(DropOutcome::rowsAccepted).sum();
  }

  public long rowsQuarantined() {
    return outcomes.stream().mapToLong(DropOutcome::rowsQuarantined).sum();
  }

  public List<DropOutcome> refused() {
    return outcomes.stream().filter(o -> o.reason() != null).toList();
  }
}
