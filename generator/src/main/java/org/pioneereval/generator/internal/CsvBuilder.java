package org.pioneereval.generator.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * Builds one CSV file in memory, in the layout of docs/EXTRACTS.md: header line, comma delimiter,
 * {@code \n} line ends, empty field for null, ISO dates, {@code true}/{@code false}. Numbers are
 * formatted without locale or {@code String.format}, so output is identical on every machine.
 */
final class CsvBuilder {
  private final StringBuilder sb;
  private boolean atRowStart = true;
  private long rows;

  CsvBuilder(List<String> header, int expectedRows) {
    sb = new StringBuilder(64 + expectedRows * 120);
    for (String column : header) {
      text(column);
    }
    sb.append('\n');
    atRowStart = true;
  }

  private void separator() {
    if (!atRowStart) {
      sb.append(',');
    }
    atRowStart = false;
  }

  CsvBuilder text(String value) {
    separator();
    if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
      sb.append('"').append(value.replace("\"", "\"\"")).append('"');
    } else {
      sb.append(value);
    }
    return this;
  }

  CsvBuilder integer(long value) {
    separator();
    sb.append(value);
    return this;
  }

  /** An integer column that may be null: {@code null} writes an empty field. */
  CsvBuilder nullableInteger(Integer value) {
    separator();
    if (value != null) {
      sb.append(value.intValue());
    }
    return this;
  }

  CsvBuilder empty() {
    separator();
    return this;
  }

  CsvBuilder bool(boolean value) {
    separator();
    sb.append(value ? "true" : "false");
    return this;
  }

  CsvBuilder date(LocalDate date) {
    separator();
    appendDate(sb, date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    return this;
  }

  /** A decimal with exactly {@code places} digits after the point, rounded half up. */
  CsvBuilder decimal(double value, int places) {
    separator();
    appendDecimal(sb, value, places);
    return this;
  }

  void endRow() {
    sb.append('\n');
    atRowStart = true;
    rows++;
  }

  long rows() {
    return rows;
  }

  byte[] toBytes() {
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void appendDate(StringBuilder sb, int year, int month, int day) {
    sb.append(year).append('-');
    if (month < 10) {
      sb.append('0');
    }
    sb.append(month).append('-');
    if (day < 10) {
      sb.append('0');
    }
    sb.append(day);
  }

  static void appendDecimal(StringBuilder sb, double value, int places) {
    if (!Double.isFinite(value)) {
      throw new IllegalStateException("Cannot write a non-finite number: " + value);
    }
    long scale = 1;
    for (int i = 0; i < places; i++) {
      scale *= 10;
    }
    long scaled = Math.round(Math.abs(value) * scale);
    if (value < 0 && scaled != 0) {
      sb.append('-');
    }
    sb.append(scaled / scale);
    if (places > 0) {
      sb.append('.');
      String fraction = Long.toString(scaled % scale);
      for (int i = fraction.length(); i < places; i++) {
        sb.append('0');
      }
      sb.append(fraction);
    }
  }
}
