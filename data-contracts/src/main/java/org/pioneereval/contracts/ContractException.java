package org.pioneereval.contracts;

import java.util.List;

/**
 * The one user-facing error of this module: a data contract that cannot be read, does not conform
 * to ODCS v3.1.0, or breaks a convention the pipeline relies on; or a question asked of a contract
 * that it cannot answer (an unknown column, rule or extract).
 *
 * <p>Every message says what is wrong, where (the contract file and the JSON path inside it) and
 * how to fix it. Instances are built only by {@code ContractErrors}; bugs in this module remain
 * plain {@link IllegalStateException}s.
 */
public final class ContractException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<SchemaViolation> violations;

  ContractException(String source, String message, List<SchemaViolation> violations) {
    super(message);
    this.source = source;
    this.violations = List.copyOf(violations);
  }

  ContractException(String source, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
    this.violations = List.of();
  }

  /**
   * The contract file (or classpath resource) the error is about, e.g. {@code
   * admissions.odcs.yaml}.
   */
  public String source() {
    return source;
  }

  /** The individual problems, de-duplicated; a single entry for errors found outside the schema. */
  public List<SchemaViolation> violations() {
    return violations;
  }
}
