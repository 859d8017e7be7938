package org.pioneereval.generator;

/**
 * The one family of user-facing generator errors: a configuration that cannot be generated, or an
 * output folder that cannot be written. Every message says what is wrong, why, and how to fix it.
 * Instances are built only by {@link GeneratorErrors}; bugs remain {@link IllegalStateException}s.
 */
public final class GeneratorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  GeneratorException(String message) {
    super(message);
  }

  GeneratorException(String message, Throwable cause) {
    super(message, cause);
  }
}
