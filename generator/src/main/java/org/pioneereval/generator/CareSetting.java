package org.pioneereval.generator;

/** The care settings of the costs extract, with the code written to its {@code setting} column. */
public enum CareSetting {
  INPATIENT("inpatient"),
  OUTPATIENT("outpatient"),
  AE("ae"),
  COMMUNITY("community"),
  SOCIAL_CARE("social_care"),
  PRESCRIBING("prescribing");

  private final String code;

  CareSetting(String code) {
    this.code = code;
  }

  /** The value of the costs extract's {@code setting} column, e.g. {@code "social_care"}. */
  public String code() {
    return code;
  }

  /** The setting whose {@link #code()} is {@code code}. */
  public static CareSetting fromCode(String code) {
    for (CareSetting setting : values()) {
      if (setting.code.equals(code)) {
        return setting;
      }
    }
    throw new IllegalArgumentException("Unknown care setting code: " + code);
  }
}
