package org.pioneereval.estimators;

/**
 * The single family of user-facing errors of the estimators module: an argument, a data set or a
 * model specification that cannot be estimated. Every instance is built by {@link
 * EstimationErrors}, and its message says what is wrong, why, and how to fix it. Bugs in this
 * module surface as {@link IllegalStateException} instead.
 */
public final class EstimationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  EstimationException(String message) {
    super(message);
  }
}
