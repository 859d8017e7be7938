package org.pioneereval.jobs.notebook;

import java.util.Locale;

/** Number and text formats of the notebooks' tables and charts (as in the report). */
public final class Formats {

  private Formats() {}

  /** 4 decimals below 1, 3 below 100, 1 above: effects of rates, costs and scores alike. */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    double magnitude = Math.abs(value);
    String pattern = magnitude >= 100 ? "%.1f" : magnitude >= 1 ? "%.3f" : "%.4f";
    return String.format(Locale.ROOT, pattern, value);
  }

  /** Three decimals, or {@code <0.001}. */
  public static String pValue(double p) {
    return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  /** A share as a signed percentage with one decimal, e.g. {@code +1.0%}. */
  public static String percent(double share) {
    return String.format(Locale.ROOT, "%+.1f%%", 100 * share);
  }

  /** An interval as {@code lower to upper}, both as {@link #number}. */
  public static String interval(double lower, double upper) {
    return number(lower) + " to " + number(upper);
  }

  static String escape(Object value) {
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
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
