package org.pioneereval.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.EventStudyColumns;
import org.pioneereval.jobs.estimate.EventStudyJob;
import org.pioneereval.jobs.lake.LakeTable;

/**
 * The event study of each site-month outcome ({@code results/event_study}): coefficients by month
 * from go-live with their 95% confidence band, the TWFE average effect beside them, and the
 * pre-trend Wald test stored with the TWFE effect.
 */
final class EventStudySection {

  private EventStudySection() {}

  static final String TWFE_COLOUR = "#d35400";
  static final String TRUTH_COLOUR = "#c0392b";

  static void write(StringBuilder html, ReportContext ctx) {
    html.append("<p>Event study: the outcome regressed on site and month fixed effects and one")
        .append(" indicator per month relative to each pioneer site's go-live (comparison sites")
        .append(" have none). Month &minus;1 is the reference (0 by construction); the first and")
        .append(" last months of the window also hold every month beyond it. Leads (months")
        .append(" before go-live) near zero support the parallel-trends assumption behind the")
        .append(" difference-in-differences; the pre-trend test asks whether the leads just")
        .append(" before go-live are jointly zero. Survey outcomes have too few waves for an")
        .append(" event study.</p>\n");
    Map<String, List<Row>> byOutcome = new TreeMap<>(outcomeOrder());
    for (Row r : ctx.runRows(LakeTable.EVENT_STUDY)) {
      byOutcome.computeIfAbsent(r.getAs(EventStudyColumns.OUTCOME), k -> new ArrayList<>()).add(r);
    }
    if (byOutcome.isEmpty()) {
      html.append("<p>No event study in this run (table <code>")
          .append(Html.esc(LakeTable.EVENT_STUDY.relativePath()))
          .append("</code> has no rows for it); run <code>pioneer-eval estimate</code>.</p>\n");
      return;
    }
    EventTimeSites sites =
        ctx.lake().exists(LakeTable.SITE_MONTH_PANEL)
            ? EventTimeSites.of(
                ctx.lake().read(LakeTable.SITE_MONTH_PANEL, "panel"), byOutcome.keySet())
            : EventTimeSites.none();
    for (Map.Entry<String, List<Row>> e : byOutcome.entrySet()) {
      String outcome = e.getKey();
      String label = ctx.label(outcome);
      String unit = ctx.unit(outcome);
      html.append("<div class=\"outcome\" id=\"event-study-")
          .append(Html.esc(outcome))
          .append("\"><h3>")
          .append(Html.esc(label))
          .append("</h3>\n");
      if (!ctx.mayShowOutcome(outcome)) {
        html.append("<p class=\"suppressed\">Suppressed: fewer than ")
            .append(ctx.disclosure().threshold())
            .append(" pioneer or comparison sites.</p></div>\n");
        continue;
      }
      Optional<Row> twfe = ctx.effect(outcome, Estimator.TWFE);
      List<SvgCharts.EventPoint> all = new ArrayList<>();
      for (Row r : e.getValue()) {
        all.add(
            new SvgCharts.EventPoint(
                Cells.integer(r, EventStudyColumns.EVENT_TIME),
                Cells.dbl(r, EventStudyColumns.ESTIMATE),
                Cells.dbl(r, EventStudyColumns.CI_LOWER),
                Cells.dbl(r, EventStudyColumns.CI_UPPER),
                null,
                null,
                Cells.flag(r, EventStudyColumns.IS_REFERENCE),
                Cells.flag(r, EventStudyColumns.IS_BINNED_ENDPOINT)));
      }
      all.sort(Comparator.comparingDouble(SvgCharts.EventPoint::x));
      List<SvgCharts.EventPoint> points = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        SvgCharts.EventPoint p = all.get(i);
        long behind = sites.behind(outcome, (int) p.x(), p.binned(), i == 0);
        if (p.reference() || ctx.disclosure().mayShowEstimate(behind)) {
          points.add(p);
        }
      }
      int hidden = all.size() - points.size();
      double last = points.get(points.size() - 1).x();
      List<SvgCharts.Level> levels = new ArrayList<>();
      twfe.map(r -> Cells.dbl(r, EffectColumns.ESTIMATE))
          .ifPresent(
              v ->
                  levels.add(
                      new SvgCharts.Level(
                          "TWFE average effect", v, -0.5, last, TWFE_COLOUR, "6,3")));
      OptionalDouble truth = ctx.truth().trueEffect(outcome, Estimator.TWFE);
      if (truth.isPresent()) {
        levels.add(
            new SvgCharts.Level(
                "true average effect", truth.getAsDouble(), -0.5, last, TRUTH_COLOUR, "2,2"));
      }
      html.append("<figure>")
          .append(
              SvgCharts.eventTimeChart(
                  label + ": event study",
                  description(label, unit, points, twfe)
                      + (hidden == 0
                          ? ""
                          : " "
                              + hidden
                              + (hidden == 1 ? " month" : " months")
                              + " with fewer than "
                              + ctx.disclosure().threshold()
                              + " pioneer sites left out."),
                  "Months since go-live (month 0 = first month live)",
                  unit,
                  points,
                  levels))
          .append("<figcaption>Coefficients with pointwise 95% confidence intervals (shaded),")
          .append(" standard errors clustered by site; the dashed line is the TWFE average")
          .append(" effect after go-live.</figcaption></figure>\n");
      html.append("<p class=\"pretrend\" id=\"pretrend-")
          .append(Html.esc(outcome))
          .append("\">")
          .append(twfe.map(EventStudySection::preTrendSentence).orElse("No pre-trend test."))
          .append("</p></div>\n");
    }
  }

  /** Alt text with the numbers a sighted reader takes from the chart. */
  private static String description(
      String label, String unit, List<SvgCharts.EventPoint> points, Optional<Row> twfe) {
    double leadMin = Double.POSITIVE_INFINITY;
    double leadMax = Double.NEGATIVE_INFINITY;
    double lagMin = Double.POSITIVE_INFINITY;
    double lagMax = Double.NEGATIVE_INFINITY;
    for (SvgCharts.EventPoint p : points) {
      if (p.reference()) {
        continue;
      }
      if (p.x() < 0) {
        leadMin = Math.min(leadMin, p.estimate());
        leadMax = Math.max(leadMax, p.estimate());
      } else {
        lagMin = Math.min(lagMin, p.estimate());
        lagMax = Math.max(lagMax, p.estimate());
      }
    }
    StringBuilder d =
        new StringBuilder("Event-study coefficients of ")
            .append(label.toLowerCase(Locale.ROOT))
            .append(" (")
            .append(unit)
            .append(") for months ")
            .append(Math.round(points.get(0).x()))
            .append(" to ")
            .append(Math.round(points.get(points.size() - 1).x()))
            .append(" from go-live with 95% confidence bands.");
    if (leadMin <= leadMax) {
      d.append(" Before go-live they range from ")
          .append(Html.fmt(leadMin))
          .append(" to ")
          .append(Html.fmt(leadMax))
          .append('.');
    }
    if (lagMin <= lagMax) {
      d.append(" From go-live they range from ")
          .append(Html.fmt(lagMin))
          .append(" to ")
          .append(Html.fmt(lagMax))
          .append('.');
    }
    twfe.map(r -> Cells.dbl(r, EffectColumns.ESTIMATE))
        .ifPresent(v -> d.append(" The TWFE average effect is ").append(Html.fmt(v)).append('.'));
    return d.toString();
  }

  /** The pre-trend Wald test of a TWFE row, in a sentence; as HTML. */
  static String preTrendSentence(Row twfe) {
    Double f = Cells.dbl(twfe, EffectColumns.PRE_TREND_WALD_F);
    Integer df1 = Cells.integer(twfe, EffectColumns.PRE_TREND_WALD_DF1);
    Double df2 = Cells.dbl(twfe, EffectColumns.PRE_TREND_WALD_DF2);
    Double p = Cells.dbl(twfe, EffectColumns.PRE_TREND_WALD_P_VALUE);
    if (f == null || df1 == null || df2 == null || p == null) {
      return "No pre-trend test for this outcome.";
    }
    JsonNode leads =
        ReportContext.specification(Cells.str(twfe, EffectColumns.SPECIFICATION))
            .path("pre_trend_test")
            .path("leads_tested");
    int first =
        leads.isArray() && leads.size() == 2
            ? leads.get(0).asInt()
            : EventStudyJob.PRE_TREND_FIRST_LEAD_DEFAULT;
    int lastLead =
        leads.isArray() && leads.size() == 2
            ? leads.get(1).asInt()
            : EventStudyJob.REFERENCE_MONTH_DEFAULT - 1;
    return "<strong>Pre-trend test</strong>: leads "
        + first
        + " to "
        + lastLead
        + " jointly zero, F("
        + df1
        + ", "
        + String.format(Locale.ROOT, "%.0f", df2)
        + ") = "
        + String.format(Locale.ROOT, "%.2f", f)
        + ", "
        + Html.pStatement(p)
        + ". "
        + (p < 0.05
            ? "Pioneer and comparison sites were already drifting apart before go-live: read the"
                + " effect with caution."
            : "No evidence at the 5% level that pioneer and comparison sites were drifting apart"
                + " before go-live.");
  }

  static Comparator<String> outcomeOrder() {
    return Comparator.comparingInt(ReportContext::outcomeOrder)
        .thenComparing(Comparator.naturalOrder());
  }
}
