package org.pioneereval.jobs.report;

import java.util.List;
import java.util.Locale;

/**
 * Small, dependency-free SVG charts embedded in the report: self-contained (no scripts, fonts or
 * requests), printable, each with a title and a text description for screen readers.
 */
final class SvgCharts {

  private SvgCharts() {}

  /** One row of a forest plot: an estimate with its interval, relative to zero. */
  record ForestRow(String label, double estimate, double lower, double upper, Double truth) {}

  /** One line of a line chart. */
  record Series(String name, String colour, double[] x, double[] y, boolean dashed) {}

  private static final int WIDTH = 760;

  /**
   * A forest plot of effects in relative terms (each row on its own scale is meaningless across
   * units), so every row is shown as a percentage of its baseline.
   */
  static String forestPlot(String title, String description, List<ForestRow> rows) {
    int rowHeight = 26;
    int top = 40;
    int left = 290;
    int right = 40;
    int height = top + rows.size() * rowHeight + 40;
    double min = 0;
    double max = 0;
    for (ForestRow r : rows) {
      min = Math.min(min, Math.min(r.lower(), r.truth() == null ? r.lower() : r.truth()));
      max = Math.max(max, Math.max(r.upper(), r.truth() == null ? r.upper() : r.truth()));
    }
    double pad = (max - min) * 0.08 + 1e-9;
    min -= pad;
    max += pad;
    double plotWidth = WIDTH - left - right;
    final double lo = min;
    final double span = max - min;
    java.util.function.DoubleUnaryOperator sx = v -> left + (v - lo) / span * plotWidth;
    StringBuilder svg = open(title, description, height);
    svg.append(text(WIDTH / 2.0, 20, title, "middle", 15, true));
    double zero = sx.applyAsDouble(0);
    svg.append(line(zero, top - 8, zero, top + rows.size() * rowHeight, "#555", 1, true));
    for (int i = 0; i < rows.size(); i++) {
      ForestRow r = rows.get(i);
      double y = top + i * rowHeight + rowHeight / 2.0;
      svg.append(text(left - 10, y + 4, r.label(), "end", 12, false));
      svg.append(
          line(
              sx.applyAsDouble(r.lower()), y, sx.applyAsDouble(r.upper()), y, "#1f4e79", 2, false));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#1f4e79\"/>",
              sx.applyAsDouble(r.estimate()) - 4,
              y - 4));
      if (r.truth() != null) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"none\" stroke=\"#c0392b\""
                    + " stroke-width=\"2\"/>",
                sx.applyAsDouble(r.truth()),
                y));
      }
    }
    double axisY = top + rows.size() * rowHeight + 6;
    svg.append(line(left, axisY, WIDTH - right, axisY, "#333", 1, false));
    for (double tick : ticks(min, max, 6)) {
      double x = sx.applyAsDouble(tick);
      svg.append(line(x, axisY, x, axisY + 4, "#333", 1, false));
      svg.append(text(x, axisY + 16, fmtTick(tick) + "%", "middle", 11, false));
    }
    svg.append(
        text(
            left + plotWidth / 2,
            axisY + 32,
            "Effect as % of the pioneer sites' pre-go-live mean (square: estimate, line: 95% CI"
                + (rows.stream().anyMatch(r -> r.truth() != null) ? ", circle: true effect)" : ")"),
            "middle",
            11,
            false));
    return svg.append("</svg>").toString();
  }

  /** A line chart over time (x in decimal years) with vertical markers, e.g. go-live dates. */
  static String lineChart(
      String title,
      String description,
      String yLabel,
      List<Series> series,
      double[] markers,
      String[] markerLabels) {
    int height = 300;
    int left = 60;
    int right = 150;
    int top = 36;
    int bottom = 46;
    double xmin = Double.POSITIVE_INFINITY;
    double xmax = Double.NEGATIVE_INFINITY;
    double ymin = Double.POSITIVE_INFINITY;
    double ymax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isNaN(s.y()[i])) {
          continue;
        }
        xmin = Math.min(xmin, s.x()[i]);
        xmax = Math.max(xmax, s.x()[i]);
        ymin = Math.min(ymin, s.y()[i]);
        ymax = Math.max(ymax, s.y()[i]);
      }
    }
    double ypad = (ymax - ymin) * 0.08 + 1e-9;
    ymin -= ypad;
    ymax += ypad;
    double plotW = WIDTH - left - right;
    double plotH = height - top - bottom;
    final double x0 = xmin;
    final double xs = xmax - xmin + 1e-9;
    final double y0 = ymin;
    final double ys = ymax - ymin;
    java.util.function.DoubleUnaryOperator sx = v -> left + (v - x0) / xs * plotW;
    java.util.function.DoubleUnaryOperator sy = v -> top + plotH - (v - y0) / ys * plotH;
    StringBuilder svg = open(title, description, height);
    svg.append(text(WIDTH / 2.0 - 40, 20, title, "middle", 15, true));
    svg.append(line(left, top + plotH, left + plotW, top + plotH, "#333", 1, false));
    svg.append(line(left, top, left, top + plotH, "#333", 1, false));
    for (double tick : ticks(ymin, ymax, 5)) {
      double y = sy.applyAsDouble(tick);
      svg.append(line(left - 4, y, left, y, "#333", 1, false));
      svg.append(line(left, y, left + plotW, y, "#e6e6e6", 1, false));
      svg.append(text(left - 6, y + 4, fmtTick(tick), "end", 11, false));
    }
    for (int year = (int) Math.ceil(xmin); year <= xmax; year++) {
      double x = sx.applyAsDouble(year);
      svg.append(line(x, top + plotH, x, top + plotH + 4, "#333", 1, false));
      svg.append(text(x, top + plotH + 16, String.valueOf(year), "middle", 11, false));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%.1f\" font-size=\"11\" transform=\"rotate(-90 14 %.1f)\""
                + " text-anchor=\"middle\">%s</text>",
            top + plotH / 2,
            top + plotH / 2,
            ReportJob.esc(yLabel)));
    for (int m = 0; m < markers.length; m++) {
      double x = sx.applyAsDouble(markers[m]);
      svg.append(line(x, top, x, top + plotH, "#888", 1, true));
      svg.append(text(x + 3, top + 10 + 12 * m, markerLabels[m], "start", 10, false));
    }
    int legendY = top + 6;
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isNaN(s.y()[i])) {
          continue;
        }
        points.append(
            String.format(
                Locale.ROOT, "%.1f,%.1f ", sx.applyAsDouble(s.x()[i]), sy.applyAsDouble(s.y()[i])));
      }
      svg.append("<polyline fill=\"none\" stroke=\"")
          .append(s.colour())
          .append("\" stroke-width=\"1.6\"")
          .append(s.dashed() ? " stroke-dasharray=\"5,3\"" : "")
          .append(" points=\"")
          .append(points.toString().trim())
          .append("\"/>");
      double lx = left + plotW + 12;
      svg.append(line(lx, legendY, lx + 18, legendY, s.colour(), 2, s.dashed()));
      svg.append(text(lx + 22, legendY + 4, s.name(), "start", 11, false));
      legendY += 16;
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String title, String description, int height) {
    StringBuilder svg = new StringBuilder(4096);
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 %d %d\""
                    + " width=\"100%%\" style=\"max-width:%dpx\" font-family=\"sans-serif\">",
                WIDTH,
                height,
                WIDTH))
        .append("<title>")
        .append(ReportJob.esc(title))
        .append("</title><desc>")
        .append(ReportJob.esc(description))
        .append("</desc>");
    return svg;
  }

  private static String line(
      double x1, double y1, double x2, double y2, String colour, double width, boolean dashed) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>",
        x1,
        y1,
        x2,
        y2,
        colour,
        width,
        dashed ? " stroke-dasharray=\"4,3\"" : "");
  }

  private static String text(double x, double y, String s, String anchor, int size, boolean bold) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\"%s>%s</text>",
        x,
        y,
        size,
        anchor,
        bold ? " font-weight=\"600\"" : "",
        ReportJob.esc(s));
  }

  static double[] ticks(double min, double max, int target) {
    double raw = (max - min) / target;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= raw) {
        step = m * magnitude;
        break;
      }
    }
    double first = Math.ceil(min / step) * step;
    int n = (int) Math.floor((max - first) / step) + 1;
    double[] ticks = new double[Math.max(n, 0)];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = first + i * step;
    }
    return ticks;
  }

  private static String fmtTick(double v) {
    double a = Math.abs(v);
    if (a < 1e-12) {
      return "0";
    }
    return a >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : a >= 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
