package org.pioneereval.jobs.report;

import java.util.Locale;

/** Escaping and number formats shared by the report's sections and charts. */
final class Html {

  private Html() {}

  /** What a table cell shows where a value does not exist (e.g. no bootstrap for a 2x2 row). */
  static final String NOT_AVAILABLE = "&ndash;";

  /** Text as HTML (element content or a quoted attribute value); null is empty. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  /** An estimate with as many decimals as its size needs (rates, pounds and 1-5 scores). */
  static String fmt(double value) {
    double magnitude = Math.abs(value);
    String pattern = magnitude >= 100 ? "%.1f" : magnitude >= 1 ? "%.3f" : "%.4f";
    return String.format(Locale.ROOT, pattern, value);
  }

  /** {@link #fmt} of a value that may be missing. */
  static String fmt(Double value) {
    return value == null || !Double.isFinite(value) ? NOT_AVAILABLE : fmt(value.doubleValue());
  }

  /** "lower to upper", or a dash when the interval is missing. */
  static String interval(Double lower, Double upper) {
    return lower == null || upper == null ? NOT_AVAILABLE : fmt(lower) + " to " + fmt(upper);
  }

  /** A p-value to three decimals, "&lt;0.001" below that, a dash when missing. */
  static String pValue(Double p) {
    if (p == null || !Double.isFinite(p)) {
      return NOT_AVAILABLE;
    }
    return p < 0.001 ? "&lt;0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  /** "p = 0.123" or "p &lt; 0.001" (HTML), for sentences. */
  static String pStatement(double p) {
    return p < 0.001 ? "p &lt; 0.001" : String.format(Locale.ROOT, "p = %.3f", p);
  }

  /** A signed percentage with one decimal, from a fraction (0.05 is "+5.0%"). */
  static String signedPercent(double fraction) {
    return String.format(Locale.ROOT, "%+.1f%%", 100 * fraction);
  }
}
