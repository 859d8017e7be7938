package org.pioneereval.contracts;

import java.util.Objects;

/**
 * One problem in one data contract: the file, the JSON path of the offending element (e.g. {@code
 * $.schema[0].properties[3].requird}), what is wrong and how to fix it.
 */
public final class SchemaViolation {

  private final String source;
  private final String path;
  private final String problem;
  private final String fix;

  SchemaViolation(String source, String path, String problem, String fix) {
    this.source = Objects.requireNonNull(source);
    this.path = Objects.requireNonNull(path);
    this.problem = Objects.requireNonNull(problem);
    this.fix = Objects.requireNonNull(fix);
  }

  /** The contract file name, e.g. {@code admissions.odcs.yaml}. */
  public String source() {
    return source;
  }

  /** JSON path of the offending element, {@code $} being the contract's root. */
  public String path() {
    return path;
  }

  /** What is wrong, e.g. "property 'requird' is not allowed here (column 'patient_key')". */
  public String problem() {
    return problem;
  }

  /** How to fix it. */
  public String fix() {
    return fix;
  }

  /** {@code <file>: <path>: <problem>. Fix: <fix>} */
  @Override
  public String toString() {
    return source + ": " + path + ": " + problem + ". Fix: " + fix;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SchemaViolation)) {
      return false;
    }
    SchemaViolation that = (SchemaViolation) other;
    return source.equals(that.source)
        && path.equals(that.path)
        && problem.equals(that.problem)
        && fix.equals(that.fix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, path, problem, fix);
  }
}
