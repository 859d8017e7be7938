package org.pioneereval.estimators.survey;

import java.util.Objects;

/**
 * One primary sampling unit (PSU, a cluster such as a GP practice) within its stratum. PSU ids are
 * read within strata (R {@code svydesign(..., nest = TRUE)}): the same PSU id in two strata denotes
 * two PSUs. Designs without strata use {@link #NO_STRATUM}.
 */
public record PsuKey(String stratum, String psu) implements Comparable<PsuKey> {
  /** The single stratum of an unstratified design. */
  public static final String NO_STRATUM = "";

  public PsuKey {
    Objects.requireNonNull(stratum, "stratum");
    Objects.requireNonNull(psu, "psu");
  }

  /** A PSU of an unstratified design. */
  public static PsuKey unstratified(String psu) {
    return new PsuKey(NO_STRATUM, psu);
  }

  @Override
  public int compareTo(PsuKey other) {
    int c = stratum.compareTo(other.stratum);
    return c != 0 ? c : psu.compareTo(other.psu);
  }
}
