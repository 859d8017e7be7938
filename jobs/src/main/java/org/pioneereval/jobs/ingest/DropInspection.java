package org.pioneereval.jobs.ingest;

/**
 * The outcome of the file-level checks of one drop: either readable (its rows go on to the
 * row-level rules) or refused with a reason and a message that says what is wrong, where, and what
 * to do. Messages never quote a cell value.
 */
public record DropInspection(
    Drop drop, RefusalReason refusal, String message, long rowsReceived, String sha256) {

  public static DropInspection readable(Drop drop, long rows, String sha256) {
    return new DropInspection(drop, null, null, rows, sha256);
  }

  public static DropInspection refused(
      Drop drop, RefusalReason reason, String message, long rows, String sha256) {
    return new DropInspection(drop, reason, message, rows, sha256);
  }

  public boolean isReadable() {
    return refusal == null;
  }
}
