package org.pioneereval.contracts;

import java.util.Locale;
import java.util.Optional;

/** ODCS {@code severity} of a quality rule; a rule without one is an {@link #ERROR}. */
public enum Severity {
  /** Violating rows are quarantined; a failed batch rule rejects the drop. */
  ERROR,
  /** Reported in the quality results; rows and drop go on. */
  WARNING,
  /** Reported only. */
  INFO;

  /** The value written in a contract: {@code error}, {@code warning} or {@code info}. */
  public String odcsName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<Severity> fromOdcsName(String name) {
    for (Severity severity : values()) {
      if (severity.odcsName().equals(name)) {
        return Optional.of(severity);
      }
    }
    return Optional.empty();
  }
}
