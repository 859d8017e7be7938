package org.pioneereval.jobs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Small, dependency-free SVG charts embedded in the report: self-contained (no scripts, fonts or
 * requests) and printable. Every chart has a visible title, labelled axes with units, and alt text
 * for screen readers ({@code role="img"}, an {@code aria-label}, {@code <title>} and {@code
 * <desc>}); axis titles carry the class {@value #AXIS_LABEL_CLASS} so that tests can find them.
 */
final class SvgCharts {

  private SvgCharts() {}

  /** CSS class of the x and y axis titles of every chart. */
  static final String AXIS_LABEL_CLASS = "axis-label";

  /** One row of a forest plot: an estimate with its interval, relative to zero. */
  record ForestRow(String label, double estimate, double lower, double upper, Double truth) {}

  /** One line of a line chart; NaN values are gaps (e.g. suppressed means). */
  record Series(String name, String colour, double[] x, double[] y, boolean dashed) {}

  /**
   * One coefficient of an event-time chart: the estimate, its pointwise 95% interval and, when
   * there is one, a simultaneous (uniform) band; intervals may be null (the reference period).
   */
  record EventPoint(
      double x,
      double estimate,
      Double lower,
      Double upper,
      Double uniformLower,
      Double uniformUpper,
      boolean reference,
      boolean binned) {}

  /** A horizontal segment drawn over an event-time chart, e.g. the TWFE average effect. */
  record Level(String name, double y, double fromX, double toX, String colour, String dashArray) {}

  /** One bar of a 100% stacked bar chart: shares of the categories, summing to 1. */
  record ShareBar(String label, double[] shares) {}

  private static final int WIDTH = 760;
  private static final String AXIS = "#333";
  private static final String GRID = "#e6e6e6";
  private static final String ESTIMATE_COLOUR = "#1f4e79";

  /**
   * A forest plot of effects in relative terms (each row on its own scale is meaningless across
   * units), so every row is shown as a percentage of its baseline.
   */
  static String forestPlot(String title, String description, List<ForestRow> rows) {
    int rowHeight = 26;
    int top = 40;
    int left = 290;
    int right = 40;
    int height = top + Math.max(rows.size(), 1) * rowHeight + 48;
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
    DoubleUnaryOperator sx = v -> left + (v - lo) / span * plotWidth;
    StringBuilder svg = open(title, description, height);
    svg.append(text(WIDTH / 2.0, 20, title, "middle", 15, true));
    double zero = sx.applyAsDouble(0);
    double bottom = top + Math.max(rows.size(), 1) * rowHeight;
    svg.append(line(zero, top - 8, zero, bottom, "#555", 1, "4,3"));
    if (rows.isEmpty()) {
      svg.append(
          text(left + plotWidth / 2, top + 16, "No estimate may be shown", "middle", 12, false));
    }
    for (int i = 0; i < rows.size(); i++) {
      ForestRow r = rows.get(i);
      double y = top + i * rowHeight + rowHeight / 2.0;
      svg.append(text(left - 10, y + 4, r.label(), "end", 12, false));
      svg.append(
          line(
              sx.applyAsDouble(r.lower()),
              y,
              sx.applyAsDouble(r.upper()),
              y,
              ESTIMATE_COLOUR,
              2,
              null));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>",
              sx.applyAsDouble(r.estimate()) - 4,
              y - 4,
              ESTIMATE_COLOUR));
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
    double axisY = bottom + 6;
    svg.append(line(left, axisY, WIDTH - right, axisY, AXIS, 1, null));
    double[] xTicks = ticks(min, max, 6);
    for (double tick : xTicks) {
      double x = sx.applyAsDouble(tick);
      svg.append(line(x, axisY, x, axisY + 4, AXIS, 1, null));
      svg.append(text(x, axisY + 16, fmtTick(tick, xTicks) + "%", "middle", 11, false));
    }
    svg.append(
        axisLabelX(
            left + plotWidth / 2,
            axisY + 34,
            "Effect as % of the pioneer sites' pre-go-live mean (square: estimate, line: 95% CI"
                + (rows.stream().anyMatch(r -> r.truth() != null)
                    ? ", circle: true effect)"
                    : ")")));
    svg.append(axisLabelY(14, top + (bottom - top) / 2, "Outcome (estimator)"));
    return svg.append("</svg>").toString();
  }

  /** One covariate of a love plot: standardized mean differences before and after matching. */
  record BalancePoint(String label, double before, double after) {}

  /** Balance below this absolute standardized mean difference is conventionally adequate. */
  static final double BALANCE_THRESHOLD = 0.1;

  /**
   * A love plot (as cobalt's {@code love.plot}): one row per covariate, its absolute standardized
   * mean difference before matching (hollow circle) and after (filled circle), with the 0.1 line.
   */
  static String lovePlot(String title, String description, List<BalancePoint> rows) {
    int rowHeight = 24;
    int top = 44;
    int left = 330;
    int right = 40;
    int height = top + Math.max(rows.size(), 1) * rowHeight + 52;
    double max = 2 * BALANCE_THRESHOLD;
    for (BalancePoint r : rows) {
      max = Math.max(max, Math.max(abs(r.before()), abs(r.after())));
    }
    max *= 1.08;
    double plotWidth = WIDTH - left - right;
    final double span = max;
    DoubleUnaryOperator sx = v -> left + v / span * plotWidth;
    StringBuilder svg = open(title, description, height);
    svg.append(text(WIDTH / 2.0, 20, title, "middle", 15, true));
    double bottom = top + Math.max(rows.size(), 1) * rowHeight;
    double threshold = sx.applyAsDouble(BALANCE_THRESHOLD);
    svg.append(line(threshold, top - 8, threshold, bottom, "#555", 1, "4,3"));
    svg.append(circle(left + 9, 34, 4, "none", "#7f7f7f"))
        .append(text(left + 22, 38, "before matching", "start", 11, false))
        .append(circle(left + 140, 34, 4, ESTIMATE_COLOUR, ESTIMATE_COLOUR))
        .append(text(left + 150, 38, "after matching", "start", 11, false));
    for (int i = 0; i < rows.size(); i++) {
      BalancePoint r = rows.get(i);
      double y = top + i * rowHeight + rowHeight / 2.0;
      svg.append(line(left, y, WIDTH - right, y, GRID, 1, null));
      svg.append(text(left - 10, y + 4, r.label(), "end", 12, false));
      if (Double.isFinite(r.before())) {
        svg.append(circle(sx.applyAsDouble(abs(r.before())), y, 4.5, "none", "#7f7f7f"));
      }
      if (Double.isFinite(r.after())) {
        svg.append(
            circle(sx.applyAsDouble(abs(r.after())), y, 4.5, ESTIMATE_COLOUR, ESTIMATE_COLOUR));
      }
    }
    double axisY = bottom + 6;
    svg.append(line(left, axisY, WIDTH - right, axisY, AXIS, 1, null));
    double[] xTicks = ticks(0, max, 6);
    for (double tick : xTicks) {
      double x = sx.applyAsDouble(tick);
      svg.append(line(x, axisY, x, axisY + 4, AXIS, 1, null));
      svg.append(text(x, axisY + 16, fmtTick(tick, xTicks), "middle", 11, false));
    }
    svg.append(
        axisLabelX(
            left + plotWidth / 2,
            axisY + 34,
            "Absolute standardized mean difference (dashed line: 0.1)"));
    svg.append(axisLabelY(14, top + (bottom - top) / 2, "Covariate"));
    return svg.append("</svg>").toString();
  }

  private static double abs(double v) {
    return Double.isFinite(v) ? Math.abs(v) : 0.0;
  }

  /** A line chart over time (x in decimal years) with vertical markers, e.g. go-live dates. */
  static String lineChart(
      String title,
      String description,
      String xLabel,
      String yLabel,
      List<Series> series,
      double[] markers,
      String[] markerLabels) {
    int height = 324;
    int left = 64;
    int right = 150;
    int top = 50;
    int bottom = 56;
    Range xr = new Range();
    Range yr = new Range();
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (!Double.isNaN(s.y()[i])) {
          xr.add(s.x()[i]);
          yr.add(s.y()[i]);
        }
      }
    }
    for (double m : markers) {
      if (!xr.isEmpty()) {
        xr.add(m);
      }
    }
    xr.orDefault(0, 1);
    yr.orDefault(0, 1).pad(0.08);
    double plotW = WIDTH - left - right;
    double plotH = height - top - bottom;
    DoubleUnaryOperator sx = xr.scale(left, left + plotW);
    DoubleUnaryOperator sy = yr.scale(top + plotH, top);
    StringBuilder svg = open(title, description, height);
    svg.append(text(WIDTH / 2.0 - 40, 20, title, "middle", 15, true));
    yAxis(svg, yr, sy, left, plotW);
    svg.append(line(left, top + plotH, left + plotW, top + plotH, AXIS, 1, null));
    for (int year = (int) Math.ceil(xr.min); year <= xr.max; year++) {
      double x = sx.applyAsDouble(year);
      svg.append(line(x, top + plotH, x, top + plotH + 4, AXIS, 1, null));
      svg.append(text(x, top + plotH + 16, String.valueOf(year), "middle", 11, false));
    }
    svg.append(axisLabelX(left + plotW / 2, top + plotH + 36, xLabel));
    svg.append(axisLabelAbove(left, top - 12, yLabel));
    if (!hasData(series)) {
      svg.append(
          text(left + plotW / 2, top + plotH / 2, "No value may be shown", "middle", 12, false));
    }
    for (int m = 0; m < markers.length; m++) {
      double x = sx.applyAsDouble(markers[m]);
      svg.append(line(x, top, x, top + plotH, "#888", 1, "4,3"));
      svg.append(text(x + 3, top + 10 + 12 * m, markerLabels[m], "start", 10, false));
    }
    int legendY = top + 6;
    for (Series s : series) {
      // a gap (NaN: a value not shown) breaks the line, so that no segment bridges it
      StringBuilder points = new StringBuilder();
      int run = 0;
      double lastX = 0;
      double lastY = 0;
      boolean drawn = false;
      for (int i = 0; i <= s.x().length; i++) {
        if (i < s.x().length && !Double.isNaN(s.y()[i])) {
          lastX = sx.applyAsDouble(s.x()[i]);
          lastY = sy.applyAsDouble(s.y()[i]);
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", lastX, lastY));
          run++;
          continue;
        }
        if (run == 1) {
          svg.append(circle(lastX, lastY, 2.5, s.colour(), s.colour()));
        } else if (run > 1) {
          svg.append(
              polyline(points.toString().trim(), s.colour(), 1.6, s.dashed() ? "5,3" : null));
        }
        drawn |= run > 0;
        run = 0;
        points.setLength(0);
      }
      double lx = left + plotW + 12;
      svg.append(line(lx, legendY, lx + 18, legendY, s.colour(), 2, s.dashed() ? "4,3" : null));
      svg.append(text(lx + 22, legendY + 4, s.name(), "start", 11, false));
      if (!drawn) {
        legendY += 13;
        svg.append(text(lx + 22, legendY + 4, "(too few sites to show)", "start", 10, false));
      }
      legendY += 16;
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Coefficients by event time (periods from go-live) with their 95% intervals as shaded bands, a
   * dashed vertical line between the last period before go-live and the first after, and horizontal
   * levels (the TWFE average effect, a known true effect).
   */
  static String eventTimeChart(
      String title,
      String description,
      String xLabel,
      String yLabel,
      List<EventPoint> points,
      List<Level> levels) {
    int height = 344;
    int left = 70;
    int right = 180;
    int top = 50;
    int bottom = 56;
    List<EventPoint> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(EventPoint::x));
    Range xr = new Range();
    Range yr = new Range();
    yr.add(0);
    for (EventPoint p : sorted) {
      xr.add(p.x());
      yr.add(p.estimate());
      yr.addIfPresent(p.lower());
      yr.addIfPresent(p.upper());
      yr.addIfPresent(p.uniformLower());
      yr.addIfPresent(p.uniformUpper());
    }
    for (Level l : levels) {
      yr.add(l.y());
    }
    xr.orDefault(-1, 1);
    xr.min -= 0.5;
    xr.max += 0.5;
    yr.orDefault(-1, 1).pad(0.08);
    double plotW = WIDTH - left - right;
    double plotH = height - top - bottom;
    DoubleUnaryOperator sx = xr.scale(left, left + plotW);
    DoubleUnaryOperator sy = yr.scale(top + plotH, top);
    StringBuilder svg = open(title, description, height);
    svg.append(text(WIDTH / 2.0 - 50, 20, title, "middle", 15, true));
    yAxis(svg, yr, sy, left, plotW);
    svg.append(line(left, top + plotH, left + plotW, top + plotH, AXIS, 1, null));
    for (double tick : ticks(xr.min, xr.max, 8)) {
      if (Math.abs(tick - Math.rint(tick)) > 1e-9) {
        continue;
      }
      double x = sx.applyAsDouble(tick);
      svg.append(line(x, top + plotH, x, top + plotH + 4, AXIS, 1, null));
      svg.append(text(x, top + plotH + 16, Long.toString(Math.round(tick)), "middle", 11, false));
    }
    svg.append(axisLabelX(left + plotW / 2, top + plotH + 36, xLabel));
    svg.append(axisLabelAbove(left, top - 12, yLabel));
    double zeroY = sy.applyAsDouble(0);
    svg.append(line(left, zeroY, left + plotW, zeroY, "#777", 1, null));
    double goLive = sx.applyAsDouble(-0.5);
    svg.append(line(goLive, top, goLive, top + plotH, "#888", 1, "4,3"));
    svg.append(text(goLive + 3, top + 10, "go-live", "start", 10, false));
    boolean anyUniform = sorted.stream().anyMatch(p -> p.uniformLower() != null);
    boolean anyPointwise = sorted.stream().anyMatch(p -> p.lower() != null);
    bands(svg, sorted, sx, sy, true, "#dbe7f3");
    bands(svg, sorted, sx, sy, false, "#9fbfdf");
    StringBuilder path = new StringBuilder();
    for (EventPoint p : sorted) {
      path.append(
          String.format(
              Locale.ROOT, "%.1f,%.1f ", sx.applyAsDouble(p.x()), sy.applyAsDouble(p.estimate())));
    }
    svg.append(polyline(path.toString().trim(), ESTIMATE_COLOUR, 1.4, null));
    boolean anyBinned = false;
    boolean anyReference = false;
    for (EventPoint p : sorted) {
      double cx = sx.applyAsDouble(p.x());
      double cy = sy.applyAsDouble(p.estimate());
      if (p.reference()) {
        anyReference = true;
        svg.append(circle(cx, cy, 3.5, "#fff", ESTIMATE_COLOUR));
      } else if (p.binned()) {
        anyBinned = true;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\"/>",
                cx - 3.5,
                cy - 3.5,
                ESTIMATE_COLOUR));
      } else {
        svg.append(circle(cx, cy, 2.5, ESTIMATE_COLOUR, ESTIMATE_COLOUR));
      }
    }
    for (Level l : levels) {
      double x1 = sx.applyAsDouble(Math.max(l.fromX(), xr.min));
      double x2 = sx.applyAsDouble(Math.min(l.toX(), xr.max));
      double y = sy.applyAsDouble(l.y());
      svg.append(line(x1, y, x2, y, l.colour(), 2, l.dashArray()));
    }
    double lx = left + plotW + 12;
    double ly = top + 6;
    svg.append(circle(lx + 9, ly, 2.5, ESTIMATE_COLOUR, ESTIMATE_COLOUR));
    svg.append(text(lx + 22, ly + 4, "estimate", "start", 11, false));
    ly += 16;
    if (anyPointwise) {
      svg.append(legendSwatch(lx, ly, "#9fbfdf"));
      svg.append(text(lx + 22, ly + 4, "95% CI", "start", 11, false));
      ly += 16;
    }
    if (anyUniform) {
      svg.append(legendSwatch(lx, ly, "#dbe7f3"));
      svg.append(text(lx + 22, ly + 4, "95% uniform band", "start", 11, false));
      ly += 16;
    }
    if (anyReference) {
      svg.append(circle(lx + 9, ly, 3.5, "#fff", ESTIMATE_COLOUR));
      svg.append(text(lx + 22, ly + 4, "reference period (0)", "start", 11, false));
      ly += 16;
    }
    if (anyBinned) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\"/>",
              lx + 5.5,
              ly - 3.5,
              ESTIMATE_COLOUR));
      svg.append(text(lx + 22, ly + 4, "end point (binned)", "start", 11, false));
      ly += 16;
    }
    for (Level l : levels) {
      svg.append(line(lx, ly, lx + 18, ly, l.colour(), 2, l.dashArray()));
      svg.append(text(lx + 22, ly + 4, l.name(), "start", 11, false));
      ly += 16;
    }
    return svg.append("</svg>").toString();
  }

  /** Horizontal bars, each split into the shares of the categories (e.g. Goodman-Bacon weights). */
  static String stackedShares(
      String title,
      String description,
      String xLabel,
      String yLabel,
      List<String> categories,
      List<String> colours,
      List<ShareBar> bars) {
    int barHeight = 22;
    int gap = 8;
    int top = 40;
    int left = 230;
    int right = 30;
    double plotW = WIDTH - left - right;
    double plotBottom = top + Math.max(bars.size(), 1) * (barHeight + gap);
    int legendRows = (categories.size() + 1) / 2;
    int height = (int) plotBottom + 50 + legendRows * 18 + 8;
    StringBuilder svg = open(title, description, height);
    svg.append(text(WIDTH / 2.0, 20, title, "middle", 15, true));
    if (bars.isEmpty()) {
      svg.append(text(left + plotW / 2, top + 16, "Nothing to show", "middle", 12, false));
    }
    for (int b = 0; b < bars.size(); b++) {
      ShareBar bar = bars.get(b);
      double y = top + b * (barHeight + gap);
      svg.append(text(left - 8, y + barHeight / 2.0 + 4, bar.label(), "end", 12, false));
      double x = left;
      for (int c = 0; c < bar.shares().length; c++) {
        double w = Math.max(0, bar.shares()[c]) * plotW;
        if (w <= 0) {
          continue;
        }
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                x,
                y,
                w,
                barHeight,
                colours.get(c % colours.size())));
        if (bar.shares()[c] >= 0.08) {
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\""
                      + " fill=\"#fff\">%s</text>",
                  x + w / 2,
                  y + barHeight / 2.0 + 4,
                  String.format(Locale.ROOT, "%.0f%%", 100 * bar.shares()[c])));
        }
        x += w;
      }
    }
    double axisY = plotBottom;
    svg.append(line(left, axisY, left + plotW, axisY, AXIS, 1, null));
    for (int pct = 0; pct <= 100; pct += 25) {
      double x = left + pct / 100.0 * plotW;
      svg.append(line(x, axisY, x, axisY + 4, AXIS, 1, null));
      svg.append(text(x, axisY + 16, pct + "%", "middle", 11, false));
    }
    svg.append(axisLabelX(left + plotW / 2, axisY + 34, xLabel));
    svg.append(axisLabelY(14, top + (plotBottom - top) / 2, yLabel));
    for (int c = 0; c < categories.size(); c++) {
      double lx = left + (c % 2) * (plotW / 2);
      double ly = axisY + 50 + (c / 2) * 18;
      svg.append(legendSwatch(lx, ly, colours.get(c % colours.size())));
      svg.append(text(lx + 22, ly + 4, categories.get(c), "start", 11, false));
    }
    return svg.append("</svg>").toString();
  }

  // ---- building blocks ----

  /** The extent of the values of one axis. */
  private static final class Range {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    void add(double v) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }

    void addIfPresent(Double v) {
      if (v != null) {
        add(v);
      }
    }

    boolean isEmpty() {
      return min > max;
    }

    Range orDefault(double lo, double hi) {
      if (isEmpty()) {
        min = lo;
        max = hi;
      } else if (max - min < 1e-12) {
        double half = Math.max(Math.abs(min) * 0.1, 0.5);
        min -= half;
        max += half;
      }
      return this;
    }

    Range pad(double share) {
      double p = (max - min) * share;
      min -= p;
      max += p;
      return this;
    }

    DoubleUnaryOperator scale(double from, double to) {
      double lo = min;
      double span = max - min;
      return v -> from + (v - lo) / span * (to - from);
    }
  }

  private static boolean hasData(List<Series> series) {
    for (Series s : series) {
      for (double y : s.y()) {
        if (!Double.isNaN(y)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void yAxis(
      StringBuilder svg, Range yr, DoubleUnaryOperator sy, double left, double plotW) {
    double top = sy.applyAsDouble(yr.max);
    double bottom = sy.applyAsDouble(yr.min);
    svg.append(line(left, top, left, bottom, AXIS, 1, null));
    double[] yTicks = ticks(yr.min, yr.max, 5);
    for (double tick : yTicks) {
      double y = sy.applyAsDouble(tick);
      svg.append(line(left - 4, y, left, y, AXIS, 1, null));
      svg.append(line(left, y, left + plotW, y, GRID, 1, null));
      svg.append(text(left - 6, y + 4, fmtTick(tick, yTicks), "end", 11, false));
    }
  }

  /** Shaded bands over runs of consecutive points that have the interval. */
  private static void bands(
      StringBuilder svg,
      List<EventPoint> points,
      DoubleUnaryOperator sx,
      DoubleUnaryOperator sy,
      boolean uniform,
      String fill) {
    List<EventPoint> run = new ArrayList<>();
    for (int i = 0; i <= points.size(); i++) {
      EventPoint p = i < points.size() ? points.get(i) : null;
      Double lo = p == null ? null : uniform ? p.uniformLower() : p.lower();
      Double hi = p == null ? null : uniform ? p.uniformUpper() : p.upper();
      if (lo != null && hi != null) {
        run.add(p);
        continue;
      }
      if (!run.isEmpty()) {
        StringBuilder pts = new StringBuilder();
        if (run.size() == 1) {
          EventPoint only = run.get(0);
          double x = sx.applyAsDouble(only.x());
          double l = sy.applyAsDouble(uniform ? only.uniformLower() : only.lower());
          double h = sy.applyAsDouble(uniform ? only.uniformUpper() : only.upper());
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"6\" height=\"%.1f\" fill=\"%s\"/>",
                  x - 3,
                  h,
                  Math.max(l - h, 0.5),
                  fill));
        } else {
          for (EventPoint q : run) {
            pts.append(
                String.format(
                    Locale.ROOT,
                    "%.1f,%.1f ",
                    sx.applyAsDouble(q.x()),
                    sy.applyAsDouble(uniform ? q.uniformUpper() : q.upper())));
          }
          for (int j = run.size() - 1; j >= 0; j--) {
            EventPoint q = run.get(j);
            pts.append(
                String.format(
                    Locale.ROOT,
                    "%.1f,%.1f ",
                    sx.applyAsDouble(q.x()),
                    sy.applyAsDouble(uniform ? q.uniformLower() : q.lower())));
          }
          svg.append("<polygon fill=\"")
              .append(fill)
              .append("\" stroke=\"none\" points=\"")
              .append(pts.toString().trim())
              .append("\"/>");
        }
        run.clear();
      }
    }
  }

  private static StringBuilder open(String title, String description, int height) {
    StringBuilder svg = new StringBuilder(4096);
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"%s\""
                    + " viewBox=\"0 0 %d %d\" width=\"100%%\" style=\"max-width:%dpx\""
                    + " font-family=\"sans-serif\">",
                Html.esc(title + ". " + description),
                WIDTH,
                height,
                WIDTH))
        .append("<title>")
        .append(Html.esc(title))
        .append("</title><desc>")
        .append(Html.esc(description))
        .append("</desc>");
    return svg;
  }

  private static String axisLabelX(double x, double y, String label) {
    return String.format(
        Locale.ROOT,
        "<text class=\"%s x\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
        AXIS_LABEL_CLASS,
        x,
        y,
        Html.esc(label));
  }

  private static String axisLabelY(double x, double y, String label) {
    return String.format(
        Locale.ROOT,
        "<text class=\"%s y\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\""
            + " transform=\"rotate(-90 %.1f %.1f)\" text-anchor=\"middle\">%s</text>",
        AXIS_LABEL_CLASS,
        x,
        y,
        x,
        y,
        Html.esc(label));
  }

  /** A y axis title written horizontally above the axis: long units stay readable. */
  private static String axisLabelAbove(double x, double y, String label) {
    return String.format(
        Locale.ROOT,
        "<text class=\"%s y\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"start\">%s</text>",
        AXIS_LABEL_CLASS,
        Math.max(x - 40, 4),
        y,
        Html.esc(label));
  }

  private static String legendSwatch(double x, double y, String fill) {
    return String.format(
        Locale.ROOT,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"10\" fill=\"%s\"/>",
        x,
        y - 5,
        fill);
  }

  private static String circle(double cx, double cy, double r, String fill, String stroke) {
    return String.format(
        Locale.ROOT,
        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\"/>",
        cx,
        cy,
        r,
        fill,
        stroke);
  }

  private static String polyline(String points, String colour, double width, String dashArray) {
    return String.format(
        Locale.ROOT,
        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s points=\"%s\"/>",
        colour,
        width,
        dashArray == null ? "" : " stroke-dasharray=\"" + dashArray + "\"",
        points);
  }

  private static String line(
      double x1, double y1, double x2, double y2, String colour, double width, String dashArray) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>",
        x1,
        y1,
        x2,
        y2,
        colour,
        width,
        dashArray == null ? "" : " stroke-dasharray=\"" + dashArray + "\"");
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
        Html.esc(s));
  }

  static double[] ticks(double min, double max, int target) {
    double raw = (max - min) / target;
    if (!(raw > 0) || !Double.isFinite(raw)) {
      return new double[] {min};
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
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

  /** A tick label with as many decimals as the step between ticks needs (0.05 steps: two). */
  private static String fmtTick(double v, double[] ticks) {
    if (Math.abs(v) < 1e-12) {
      return "0";
    }
    double step = ticks.length > 1 ? ticks[1] - ticks[0] : Math.abs(v);
    int decimals = 0;
    while (decimals < 6
        && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
            > 1e-6) {
      decimals++;
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
