package org.pioneereval.jobs.report;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * Raw trends: the unadjusted mean of each outcome by period for comparison sites and each wave of
 * pioneers, with the go-live of each wave marked. A mean over fewer sites than the disclosure
 * threshold is left out (a gap in the line).
 */
final class TrendsSection {

  private TrendsSection() {}

  private static final String[] WAVE_COLOURS = {"#1f4e79", "#c0392b", "#27ae60", "#8e44ad"};
  private static final String COMPARISON_COLOUR = "#7f7f7f";

  static void write(StringBuilder html, ReportContext ctx) {
    html.append("<p>Unadjusted means by group and period; dashed vertical lines mark the")
        .append(" go-live of each wave. A mean over fewer than ")
        .append(ctx.disclosure().threshold())
        .append(" sites is not shown.</p>\n");
    if (!ctx.lake().exists(LakeTable.SITE_MONTH_PANEL)) {
      html.append("<p>No panel in this lake: run <code>pioneer-eval panel</code>.</p>\n");
      return;
    }
    List<Row> goLives =
        ctx.lake()
            .read(LakeTable.SITE_MONTH_PANEL, "panel")
            .filter(col(PanelColumns.GO_LIVE_DATE).isNotNull())
            .select(col(PanelColumns.WAVE), col(PanelColumns.GO_LIVE_DATE))
            .distinct()
            .orderBy(PanelColumns.WAVE, PanelColumns.GO_LIVE_DATE)
            .collectAsList();
    double[] markers = new double[goLives.size()];
    String[] markerLabels = new String[goLives.size()];
    for (int i = 0; i < goLives.size(); i++) {
      LocalDate d = goLives.get(i).getDate(1).toLocalDate();
      markers[i] = decimalYear(d);
      markerLabels[i] = "wave " + goLives.get(i).get(0) + " live " + d.toString().substring(0, 7);
    }
    PanelMeans means = ctx.panelMeans();
    for (PanelOutcome outcome : PanelOutcome.values()) {
      List<PanelMeans.Cell> cells = means.of(outcome);
      if (cells.isEmpty()) {
        continue;
      }
      Map<String, List<PanelMeans.Cell>> byGroup = new TreeMap<>();
      for (PanelMeans.Cell cell : cells) {
        byGroup.computeIfAbsent(cell.group(), k -> new ArrayList<>()).add(cell);
      }
      List<SvgCharts.Series> series = new ArrayList<>();
      int hidden = 0;
      int c = 0;
      for (Map.Entry<String, List<PanelMeans.Cell>> g : byGroup.entrySet()) {
        List<PanelMeans.Cell> rows = new ArrayList<>(g.getValue());
        rows.sort(java.util.Comparator.comparing(PanelMeans.Cell::periodStart));
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
          x[i] = decimalYear(rows.get(i).periodStart());
          boolean shown = ctx.disclosure().mayShowEstimate(rows.get(i).sites());
          y[i] = shown ? rows.get(i).mean() : Double.NaN;
          hidden += shown ? 0 : 1;
        }
        boolean comparison = g.getKey().equals(PanelMeans.COMPARISON);
        String name = comparison ? "comparison sites" : "pioneers, wave " + g.getKey();
        series.add(
            new SvgCharts.Series(
                name,
                comparison ? COMPARISON_COLOUR : WAVE_COLOURS[c++ % WAVE_COLOURS.length],
                x,
                y,
                comparison));
      }
      String what = outcome.label().toLowerCase(Locale.ROOT);
      html.append("<figure id=\"trend-")
          .append(Html.esc(outcome.columnName()))
          .append("\">")
          .append(
              SvgCharts.lineChart(
                  outcome.label() + ": raw trends",
                  "Line chart of the mean "
                      + what
                      + " ("
                      + outcome.unit()
                      + ") by "
                      + (outcome.level() == PanelOutcome.Level.SITE_MONTH ? "month" : "survey wave")
                      + " for comparison sites and each wave of pioneer sites"
                      + (hidden > 0
                          ? "; "
                              + hidden
                              + (hidden == 1 ? " mean" : " means")
                              + " over fewer than "
                              + ctx.disclosure().threshold()
                              + " sites left out"
                          : "")
                      + ".",
                  outcome.level() == PanelOutcome.Level.SITE_MONTH
                      ? "Calendar year (month of the period)"
                      : "Calendar year (survey wave)",
                  outcome.unit(),
                  series,
                  markers,
                  markerLabels))
          .append("</figure>\n");
    }
  }

  static double decimalYear(LocalDate d) {
    return d.getYear() + (d.getDayOfYear() - 1) / 365.25;
  }
}
