package org.pioneereval.jobs.runtime;

/** Process exit codes of every command, stable for schedulers. */
public enum ExitCode {
  /** Everything finished and nothing needs a person. */
  SUCCESS(0),
  /** Finished, but rows were quarantined or files refused: someone should look. */
  SUCCESS_WITH_WARNINGS(3),
  /** The command could not do its job because of its input or options (see the message). */
  INPUT_ERROR(4),
  /** Command-line usage error (picocli). */
  USAGE(2),
  /** An unexpected internal error: a bug, please report it with the log. */
  INTERNAL_ERROR(1);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
