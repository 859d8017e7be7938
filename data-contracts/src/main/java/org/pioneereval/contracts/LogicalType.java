package org.pioneereval.contracts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The ODCS logical types our extracts use, with how each is written in a CSV drop and which Spark
 * SQL type it becomes once ingested.
 *
 * <p>The CSV conventions are those of {@code docs/EXTRACTS.md}: dates {@code yyyy-MM-dd}, booleans
 * {@code true}/{@code false}, an empty field is null. {@link #csvPattern()} is deliberately
 * stricter than a Spark cast (which would accept {@code yes} as a boolean or {@code 2013-1-5} as a
 * date), so that the ingest job can quarantine a malformed value before casting it.
 */
public enum LogicalType {
  STRING("string", "STRING", ".*"),
  INTEGER("integer", "INT", "-?[0-9]{1,9}"),
  NUMBER("number", "DOUBLE", "-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?"),
  BOOLEAN("boolean", "BOOLEAN", "true|false"),
  DATE("date", "DATE", "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");

  private final String odcsName;
  private final String sparkSqlType;
  private final Pattern csvPattern;

  LogicalType(String odcsName, String sparkSqlType, String csvRegex) {
    this.odcsName = odcsName;
    this.sparkSqlType = sparkSqlType;
    this.csvPattern = Pattern.compile(csvRegex, Pattern.DOTALL);
  }

  /** The value of {@code logicalType} in an ODCS contract, e.g. {@code "integer"}. */
  public String odcsName() {
    return odcsName;
  }

  /**
   * The Spark SQL type name a column of this type is cast to ({@code STRING}, {@code INT}, {@code
   * DOUBLE}, {@code BOOLEAN}, {@code DATE}); the contracts use it as {@code physicalType}, so it
   * can go straight into {@code CAST(x AS ...)}.
   */
  public String sparkSqlType() {
    return sparkSqlType;
  }

  /**
   * The regular expression (whole-string match) a non-empty CSV field of this type must match
   * before it is cast. A date that matches can still be impossible (2013-02-30): the cast decides
   * that.
   */
  public Pattern csvPattern() {
    return csvPattern;
  }

  /** True when {@code csvField} (not null, not empty) is written the way this type is written. */
  public boolean matchesCsv(String csvField) {
    return csvPattern.matcher(csvField).matches();
  }

  /** The logical type named {@code odcsName} in a contract, or empty if we do not support it. */
  static java.util.Optional<LogicalType> fromOdcsName(String odcsName) {
    String wanted = odcsName.toLowerCase(Locale.ROOT);
    for (LogicalType type : values()) {
      if (type.odcsName.equals(wanted)) {
        return java.util.Optional.of(type);
      }
    }
    return java.util.Optional.empty();
  }
}
