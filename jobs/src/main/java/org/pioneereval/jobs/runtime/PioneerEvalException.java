package org.pioneereval.jobs.runtime;

/**
 * A problem a user can act on: bad input, bad options, a refused file. Built only by {@link
 * PipelineErrors}; its message says what is wrong, why, and how to fix it. Bugs are plain {@link
 * IllegalStateException}s instead.
 */
public final class PioneerEvalException extends RuntimeException {

  private final ExitCode exitCode;

  PioneerEvalException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code a scheduler sees when this ends a command. */
  public ExitCode exitCode() {
    return exitCode;
  }
}
