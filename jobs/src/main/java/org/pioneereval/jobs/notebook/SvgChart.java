package org.pioneereval.jobs.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * A chart for a notebook as self-contained SVG (no scripts or fonts), shown inline by the kernel
 * ({@link #toSvg()}): forest plots of effects, line charts over time, horizontal bar charts. Every
 * chart has a title and a text description for screen readers, as the report's charts do.
 */
public final class SvgChart {

  private static final int WIDTH = 760;
  private static final String BLUE = "#1f4e79";
  private static final String RED = "#c0392b";
  private static final String GREY = "#7f7f7f";

  /** Colours of the series of a line chart, in order. */
  public static final List<String> PALETTE =
      List.of(BLUE, RED, "#27ae60", "#8e44ad", "#d35400", "#16a085", "#2c3e50", "#b7950b");

  /** One row of a forest plot: a labelled estimate with its interval, and a reference if known. */
  public record Interval(String label, double estimate, double lower, double upper, Double mark) {
    public Interval(String label, double estimate, double lower, double upper) {
      this(label, estimate, lower, upper, null);
    }
  }

  /** One line of a line chart; NaN values leave a gap. */
  public record Series(String name, double[] x, double[] y, String colour, boolean dashed) {
    public Series(String name, double[] x, double[] y) {
      this(name, x, y, null, false);
    }
  }

  /** A vertical marker of a line chart (e.g. a go-live date), x in the chart's units. */
  public record Marker(double x, String label) {}

  /** One bar of a bar chart. */
  public record Bar(String label, double value) {}

  private final String title;
  private final String svg;

  private SvgChart(String title, String svg) {
    this.title = title;
    this.svg = svg;
  }

  public String title() {
    return title;
  }

  public String toSvg() {
    return svg;
  }

  @Override
  public String toString() {
    return "SvgChart[" + title + "]";
  }

  /**
   * Estimates with intervals on one horizontal axis, a dashed line at zero and, where given, a red
   * circle at each row's reference value (e.g. the pipeline's estimate or a known true effect).
   */
  public static SvgChart forestPlot(
      String title, String axisLabel, String markLabel, List<Interval> rows) {
    int rowHeight = 24;
    int top = 40;
    int left = labelMargin(rows.stream().map(Interval::label).toList(), 12);
    int right = 30;
    int height = top + rows.size() * rowHeight + 60;
    double min = 0;
    double max = 0;
    for (Interval r : rows) {
      min = Math.min(min, Math.min(r.lower(), r.mark() == null ? r.lower() : r.mark()));
      max = Math.max(max, Math.max(r.upper(), r.mark() == null ? r.upper() : r.mark()));
    }
    double pad = (max - min) * 0.06 + 1e-12;
    double lo = min - pad;
    double span = max - min + 2 * pad;
    double plotWidth = WIDTH - left - right;
    DoubleUnaryOperator sx = v -> left + (v - lo) / span * plotWidth;
    StringBuilder out = open(title, "Forest plot: " + axisLabel, height);
    out.append(text(WIDTH / 2.0, 20, title, "middle", 15, true));
    double zero = sx.applyAsDouble(0);
    out.append(line(zero, top - 6, zero, top + rows.size() * rowHeight, "#555", 1, true));
    for (int i = 0; i < rows.size(); i++) {
      Interval r = rows.get(i);
      double y = top + i * rowHeight + rowHeight / 2.0;
      out.append(text(left - 10, y + 4, r.label(), "end", 12, false));
      out.append(
          line(sx.applyAsDouble(r.lower()), y, sx.applyAsDouble(r.upper()), y, BLUE, 2, false));
      out.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>",
              sx.applyAsDouble(r.estimate()) - 4,
              y - 4,
              BLUE));
      if (r.mark() != null) {
        out.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"2\"/>",
                sx.applyAsDouble(r.mark()),
                y,
                RED));
      }
    }
    double axisY = top + rows.size() * rowHeight + 6;
    out.append(line(left, axisY, WIDTH - right, axisY, "#333", 1, false));
    double[] xTicks = ticks(lo, lo + span, 6);
    for (double tick : xTicks) {
      double x = sx.applyAsDouble(tick);
      out.append(line(x, axisY, x, axisY + 4, "#333", 1, false));
      out.append(text(x, axisY + 16, tickLabel(tick, xTicks), "middle", 11, false));
    }
    boolean marks = rows.stream().anyMatch(r -> r.mark() != null);
    out.append(text(left + plotWidth / 2, axisY + 32, axisLabel, "middle", 11, false));
    out.append(
        text(
            left + plotWidth / 2,
            axisY + 46,
            "square: estimate, line: 95% CI" + (marks ? ", circle: " + markLabel : ""),
            "middle",
            11,
            false));
    return new SvgChart(title, out.append("</svg>").toString());
  }

  /** Lines over a numeric x axis (e.g. decimal years), with dashed vertical markers. */
  public static SvgChart lineChart(
      String title, String yLabel, List<Series> series, List<Marker> markers) {
    int height = 320;
    int left = 64;
    int right = 170;
    int top = 36;
    int bottom = 40;
    double xmin = Double.POSITIVE_INFINITY;
    double xmax = Double.NEGATIVE_INFINITY;
    double ymin = Double.POSITIVE_INFINITY;
    double ymax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (!Double.isNaN(s.y()[i])) {
          xmin = Math.min(xmin, s.x()[i]);
          xmax = Math.max(xmax, s.x()[i]);
          ymin = Math.min(ymin, s.y()[i]);
          ymax = Math.max(ymax, s.y()[i]);
        }
      }
    }
    if (xmin > xmax) {
      xmin = 0;
      xmax = 1;
      ymin = 0;
      ymax = 1;
    }
    double range = ymax - ymin;
    // a flat line (e.g. 100% of sites every month) gets a visible band around it
    double ypad =
        range > 1e-9 * Math.max(1, Math.abs(ymax))
            ? range * 0.08
            : Math.max(1e-9, Math.abs(ymax) * 0.05);
    double y0 = ymin - ypad;
    double ys = ymax - ymin + 2 * ypad;
    double x0 = xmin;
    double xs = xmax - xmin + 1e-9;
    double plotW = WIDTH - left - right;
    double plotH = height - top - bottom;
    DoubleUnaryOperator sx = v -> left + (v - x0) / xs * plotW;
    DoubleUnaryOperator sy = v -> top + plotH - (v - y0) / ys * plotH;
    StringBuilder out = open(title, "Line chart of " + yLabel, height);
    out.append(text(left + plotW / 2, 20, title, "middle", 15, true));
    out.append(line(left, top + plotH, left + plotW, top + plotH, "#333", 1, false));
    out.append(line(left, top, left, top + plotH, "#333", 1, false));
    double[] yTicks = ticks(y0, y0 + ys, 5);
    for (double tick : yTicks) {
      double y = sy.applyAsDouble(tick);
      out.append(line(left, y, left + plotW, y, "#e6e6e6", 1, false));
      out.append(text(left - 6, y + 4, tickLabel(tick, yTicks), "end", 11, false));
    }
    double[] xTicks = ticks(x0, x0 + xs, 8);
    for (double tick : xTicks) {
      double x = sx.applyAsDouble(tick);
      out.append(line(x, top + plotH, x, top + plotH + 4, "#333", 1, false));
      out.append(text(x, top + plotH + 16, tickLabel(tick, xTicks), "middle", 11, false));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%.1f\" font-size=\"11\" transform=\"rotate(-90 14 %.1f)\""
                + " text-anchor=\"middle\">%s</text>",
            top + plotH / 2,
            top + plotH / 2,
            Formats.escape(yLabel)));
    for (int m = 0; m < markers.size(); m++) {
      double x = sx.applyAsDouble(markers.get(m).x());
      out.append(line(x, top, x, top + plotH, "#888", 1, true));
      out.append(text(x + 3, top + 10 + 12 * m, markers.get(m).label(), "start", 10, false));
    }
    int legendY = top + 6;
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String colour = s.colour() != null ? s.colour() : PALETTE.get(k % PALETTE.size());
      List<String> segments = new ArrayList<>();
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isNaN(s.y()[i])) {
          if (points.length() > 0) {
            segments.add(points.toString().trim());
            points.setLength(0);
          }
          continue;
        }
        points.append(
            String.format(
                Locale.ROOT, "%.1f,%.1f ", sx.applyAsDouble(s.x()[i]), sy.applyAsDouble(s.y()[i])));
      }
      if (points.length() > 0) {
        segments.add(points.toString().trim());
      }
      for (String segment : segments) {
        out.append("<polyline fill=\"none\" stroke=\"")
            .append(colour)
            .append("\" stroke-width=\"1.6\"")
            .append(s.dashed() ? " stroke-dasharray=\"5,3\"" : "")
            .append(" points=\"")
            .append(segment)
            .append("\"/>");
      }
      double lx = left + plotW + 12;
      out.append(line(lx, legendY, lx + 18, legendY, colour, 2, s.dashed()));
      out.append(text(lx + 22, legendY + 4, s.name(), "start", 11, false));
      legendY += 16;
    }
    return new SvgChart(title, out.append("</svg>").toString());
  }

  /** Horizontal bars from zero, one per label, with the value at the end of each bar. */
  public static SvgChart barChart(String title, String axisLabel, List<Bar> bars) {
    int rowHeight = 22;
    int top = 36;
    int left = labelMargin(bars.stream().map(Bar::label).toList(), 12);
    int right = 80;
    int height = top + bars.size() * rowHeight + 40;
    double max = bars.stream().mapToDouble(b -> Math.abs(b.value())).max().orElse(1);
    double plotWidth = WIDTH - left - right;
    double scale = max == 0 ? 0 : plotWidth / max;
    StringBuilder out = open(title, "Bar chart: " + axisLabel, height);
    out.append(text(WIDTH / 2.0, 20, title, "middle", 15, true));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double y = top + i * rowHeight;
      double w = Math.abs(b.value()) * scale;
      out.append(text(left - 8, y + rowHeight / 2.0 + 4, b.label(), "end", 12, false));
      out.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
              left,
              y + 3,
              w,
              rowHeight - 6,
              b.value() < 0 ? RED : BLUE));
      out.append(
          text(
              left + w + 6,
              y + rowHeight / 2.0 + 4,
              Formats.number(b.value()),
              "start",
              11,
              false));
    }
    out.append(
        text(
            left + plotWidth / 2,
            top + bars.size() * rowHeight + 24,
            axisLabel,
            "middle",
            11,
            false));
    return new SvgChart(title, out.append("</svg>").toString());
  }

  /** Grey, dashed: how comparison sites are drawn next to coloured pioneer series. */
  public static String comparisonColour() {
    return GREY;
  }

  private static StringBuilder open(String title, String description, int height) {
    StringBuilder svg = new StringBuilder(4096);
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 %d %d\""
                    + " width=\"%d\" height=\"%d\" font-family=\"sans-serif\">",
                WIDTH,
                height,
                WIDTH,
                height))
        .append("<title>")
        .append(Formats.escape(title))
        .append("</title><desc>")
        .append(Formats.escape(description))
        .append("</desc><rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
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
        Formats.escape(s));
  }

  static double[] ticks(double min, double max, int target) {
    double raw = (max - min) / target;
    if (!(raw > 0)) {
      return new double[] {min};
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = 10 * magnitude;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= raw) {
        step = m * magnitude;
        break;
      }
    }
    double first = Math.ceil(min / step) * step;
    int n = (int) Math.floor((max - first) / step + 1e-9) + 1;
    double[] ticks = new double[Math.max(n, 0)];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = first + i * step;
    }
    return ticks;
  }

  /** Tick labels with as many decimals as the step between ticks needs (2013, 0.05, 2.5). */
  private static String tickLabel(double v, double[] ticks) {
    if (Math.abs(v) < 1e-12) {
      return "0";
    }
    double step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(v);
    int decimals = 0;
    while (decimals < 6
        && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
            > 1e-6) {
      decimals++;
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** Room for the longest label left of the plot (an estimate of the text width), 120..420 px. */
  private static int labelMargin(List<String> labels, int fontSize) {
    int longest = labels.stream().mapToInt(String::length).max().orElse(10);
    return (int) Math.max(120, Math.min(420, longest * fontSize * 0.56 + 20));
  }
}
