package org.pioneereval.jobs.notebook;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.report.DisclosureControl;

/**
 * Line charts of an outcome over time from a run's panel: means by group (comparison sites, each
 * pioneer wave) and single sites, with each wave's first go-live marked. Values resting on too few
 * units are left out under {@link DisclosureControl}: a group mean of fewer sites than the
 * threshold, a site's quarter with fewer admissions (a survey wave with fewer respondents) than the
 * threshold.
 */
public final class Trends {

  private Trends() {}

  /** Unadjusted means by period for comparison sites and each pioneer wave. */
  public static SvgChart byGroup(
      Dataset<Row> panel, PanelOutcome outcome, DisclosureControl disclosure) {
    List<Row> means =
        panel
            .filter(col(outcome.columnName()).isNotNull())
            .groupBy(
                col(PanelColumns.PERIOD_START),
                coalesce(col(PanelColumns.WAVE).cast("string"), lit("comparison")).as("grp"))
            .agg(
                avg(col(outcome.columnName())).as("mean"),
                countDistinct(PanelColumns.SITE_CODE).as("sites"))
            .orderBy("grp", PanelColumns.PERIOD_START)
            .collectAsList();
    Map<String, List<double[]>> byGroup = new TreeMap<>();
    for (Row m : means) {
      double value = disclosure.mayShowEstimate(m.getLong(3)) ? m.getDouble(2) : Double.NaN;
      byGroup
          .computeIfAbsent(m.getString(1), k -> new ArrayList<>())
          .add(new double[] {decimalYear(m.getDate(0).toLocalDate()), value});
    }
    List<SvgChart.Series> series = new ArrayList<>();
    int colour = 0;
    for (Map.Entry<String, List<double[]>> group : byGroup.entrySet()) {
      boolean comparison = group.getKey().equals("comparison");
      series.add(
          new SvgChart.Series(
              comparison ? "comparison sites" : "pioneers, wave " + group.getKey(),
              column(group.getValue(), 0),
              column(group.getValue(), 1),
              comparison ? SvgChart.comparisonColour() : SvgChart.PALETTE.get(colour++),
              comparison));
    }
    return SvgChart.lineChart(
        outcome.label() + ": means by group", outcome.unit(), series, goLiveMarkers(panel));
  }

  /**
   * The outcome of single sites over time (dashed: comparison sites): quarterly means of monthly
   * outcomes (single site-months are too noisy to read), the waves of survey outcomes as they are.
   * A quarter resting on fewer admissions (a wave on fewer respondents) than the threshold is left
   * out.
   */
  public static SvgChart bySite(
      Dataset<Row> panel,
      PanelOutcome outcome,
      Collection<String> sites,
      DisclosureControl disclosure) {
    String count = countBehind(outcome);
    List<Row> rows =
        panel
            .filter(col(PanelColumns.SITE_CODE).isin(sites.toArray()))
            .groupBy(
                col(PanelColumns.SITE_CODE),
                trunc(col(PanelColumns.PERIOD_START), "quarter").as("quarter"),
                col(PanelColumns.PIONEER))
            .agg(
                avg(col(outcome.columnName()).cast("double")).as("mean"),
                count == null ? lit(null).cast("long").as("count") : sum(col(count)).as("count"))
            .select("site_code", "quarter", "mean", "count", PanelColumns.PIONEER)
            .orderBy(PanelColumns.SITE_CODE, "quarter")
            .collectAsList();
    Map<String, List<double[]>> bySite = new LinkedHashMap<>();
    Map<String, Boolean> pioneer = new LinkedHashMap<>();
    for (Row r : rows) {
      boolean small = !r.isNullAt(3) && disclosure.isSmall(r.getLong(3));
      double y = r.isNullAt(2) || small ? Double.NaN : r.getDouble(2);
      bySite
          .computeIfAbsent(r.getString(0), k -> new ArrayList<>())
          .add(new double[] {decimalYear(r.getDate(1).toLocalDate()), y});
      pioneer.put(r.getString(0), r.getBoolean(4));
    }
    List<SvgChart.Series> series = new ArrayList<>();
    int colour = 0;
    for (Map.Entry<String, List<double[]>> site : bySite.entrySet()) {
      boolean isPioneer = pioneer.get(site.getKey());
      series.add(
          new SvgChart.Series(
              site.getKey() + (isPioneer ? " (pioneer)" : " (comparison)"),
              column(site.getValue(), 0),
              column(site.getValue(), 1),
              SvgChart.PALETTE.get(colour++ % SvgChart.PALETTE.size()),
              !isPioneer));
    }
    String title =
        outcome.level() == PanelOutcome.Level.SITE_MONTH
            ? ": selected sites, quarterly means"
            : ": selected sites";
    return SvgChart.lineChart(
        outcome.label() + title, outcome.unit(), series, goLiveMarkers(panel));
  }

  /**
   * The count a site-period value rests on, or null: admissions for admission rates, respondents
   * for survey scores; cost per capita is a mean over the whole population of the site.
   */
  static String countBehind(PanelOutcome outcome) {
    return switch (outcome) {
      case EMERGENCY_ADMISSIONS_RATE -> PanelColumns.EMERGENCY_ADMISSIONS;
      case ELECTIVE_ADMISSIONS_RATE -> PanelColumns.ELECTIVE_ADMISSIONS;
      case COST_PER_CAPITA -> null;
      default -> PanelColumns.RESPONDENTS;
    };
  }

  /** The first go-live of each wave. */
  private static List<SvgChart.Marker> goLiveMarkers(Dataset<Row> panel) {
    List<SvgChart.Marker> markers = new ArrayList<>();
    for (Row r :
        panel
            .filter(col(PanelColumns.GO_LIVE_DATE).isNotNull())
            .groupBy(col(PanelColumns.WAVE))
            .agg(min(col(PanelColumns.GO_LIVE_DATE)))
            .orderBy(PanelColumns.WAVE)
            .collectAsList()) {
      LocalDate goLive = r.getDate(1).toLocalDate();
      markers.add(
          new SvgChart.Marker(
              decimalYear(goLive),
              "wave " + r.get(0) + " live " + goLive.toString().substring(0, 7)));
    }
    return markers;
  }

  /** A date as a decimal year (1 July 2014 is about 2014.5), the x axis of the charts. */
  public static double decimalYear(LocalDate date) {
    return date.getYear() + (date.getDayOfYear() - 1) / (double) date.lengthOfYear();
  }

  private static double[] column(List<double[]> points, int index) {
    double[] values = new double[points.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = points.get(i)[index];
    }
    return values;
  }
}
