package org.pioneereval.jobs.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * The summary: per outcome and estimator the effect, its 95% CI, the cluster-robust and
 * wild-bootstrap p-values, the relative effect, the sites and records behind it, one sentence of
 * interpretation per outcome, and the forest plot.
 */
final class SummarySection {

  private SummarySection() {}

  static void write(StringBuilder html, ReportContext ctx) {
    DisclosureControl disclosure = ctx.disclosure();
    List<Row> effects = ctx.effects();
    Map<String, String> records = recordsBehind(ctx);
    boolean showTruth = hasTruth(ctx);
    html.append("<table id=\"effects\"><caption>Estimated effect of becoming a pioneer on each")
        .append(" outcome: 95% confidence intervals and p-values from standard errors clustered by")
        .append(" site (CR1), and the wild cluster bootstrap p-value</caption>\n<thead><tr>")
        .append("<th scope=\"col\">Outcome (unit)</th><th scope=\"col\">Estimator</th>")
        .append("<th scope=\"col\">Effect</th><th scope=\"col\">95% CI</th>")
        .append("<th scope=\"col\">p, cluster-robust</th>")
        .append("<th scope=\"col\">p, wild bootstrap</th>")
        .append("<th scope=\"col\">% of pioneer baseline</th>")
        .append("<th scope=\"col\">Sites (pioneer / comparison)</th>")
        .append("<th scope=\"col\">Records behind it</th>");
    if (showTruth) {
      html.append("<th scope=\"col\">True effect (synthetic data)</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (Row r : effects) {
      String outcome = r.getAs(EffectColumns.OUTCOME);
      Estimator estimator = Estimator.valueOf(r.getAs(EffectColumns.ESTIMATOR));
      html.append("<tr id=\"effect-")
          .append(Html.esc(outcome))
          .append('-')
          .append(estimator.name())
          .append("\"><th scope=\"row\">")
          .append(Html.esc(r.getAs(EffectColumns.OUTCOME_LABEL)))
          .append("<br><span class=\"unit\">")
          .append(Html.esc(r.getAs(EffectColumns.UNIT)))
          .append("</span></th><td>")
          .append(estimatorName(estimator))
          .append("</td>");
      if (!ctx.mayShowEffect(r)) {
        html.append("<td colspan=\"5\" class=\"suppressed\">suppressed: fewer than ")
            .append(disclosure.threshold())
            .append(" sites in a group</td>");
      } else {
        html.append("<td class=\"num\">")
            .append(Html.fmt(Cells.dbl(r, EffectColumns.ESTIMATE)))
            .append("</td><td class=\"num\">")
            .append(
                Html.interval(
                    Cells.dbl(r, EffectColumns.CI_LOWER), Cells.dbl(r, EffectColumns.CI_UPPER)))
            .append("</td><td class=\"num\">")
            .append(Html.pValue(Cells.dbl(r, EffectColumns.P_VALUE)))
            .append("</td><td class=\"num\">")
            .append(Html.pValue(Cells.dbl(r, EffectColumns.WILD_BOOTSTRAP_P_VALUE)))
            .append("</td><td class=\"num\">")
            .append(relative(r))
            .append("</td>");
      }
      html.append("<td class=\"num\">")
          .append(Cells.integer(r, EffectColumns.N_PIONEER_SITES))
          .append(" / ")
          .append(Cells.integer(r, EffectColumns.N_COMPARISON_SITES))
          .append("</td><td class=\"num\">")
          .append(records.getOrDefault(outcome, Html.NOT_AVAILABLE))
          .append("</td>");
      if (showTruth) {
        OptionalDouble t = ctx.truth().trueEffect(outcome, estimator);
        html.append("<td class=\"num\">")
            .append(t.isPresent() ? Html.fmt(t.getAsDouble()) : Html.NOT_AVAILABLE);
        Double lower = Cells.dbl(r, EffectColumns.CI_LOWER);
        Double upper = Cells.dbl(r, EffectColumns.CI_UPPER);
        if (t.isPresent() && lower != null && upper != null && ctx.mayShowEffect(r)) {
          boolean covered = lower <= t.getAsDouble() && t.getAsDouble() <= upper;
          html.append("<br><span class=\"unit\">")
              .append(covered ? "inside the CI" : "outside the CI")
              .append("</span>");
        }
        html.append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n")
        .append("<p class=\"note\">TWFE: two-way fixed effects over all periods and both waves;")
        .append(" 2x2: before the first go-live against after the last. The wild bootstrap")
        .append(" p-value (TWFE only) is the one to trust with few sites. Records behind it:")
        .append(" admissions, resident-months or survey responses in the outcome's panel.</p>\n");
    List<SvgCharts.ForestRow> forest = new ArrayList<>();
    html.append("<ul class=\"interpretation\">");
    for (Row r : effects) {
      if (!ctx.mayShowEffect(r)) {
        continue;
      }
      Estimator estimator = Estimator.valueOf(r.getAs(EffectColumns.ESTIMATOR));
      double baseline = r.getAs(EffectColumns.BASELINE_MEAN);
      OptionalDouble t = ctx.truth().trueEffect(r.getAs(EffectColumns.OUTCOME), estimator);
      forest.add(
          new SvgCharts.ForestRow(
              r.getAs(EffectColumns.OUTCOME_LABEL) + " (" + estimatorName(estimator) + ")",
              100 * (double) r.getAs(EffectColumns.ESTIMATE) / baseline,
              100 * (double) r.getAs(EffectColumns.CI_LOWER) / baseline,
              100 * (double) r.getAs(EffectColumns.CI_UPPER) / baseline,
              t.isPresent() ? 100 * t.getAsDouble() / baseline : null));
      if (estimator == Estimator.TWFE) {
        html.append("<li>").append(Html.esc(interpretation(r))).append("</li>");
      }
    }
    html.append("</ul>\n<figure>")
        .append(
            SvgCharts.forestPlot(
                "Effects of the programme, relative to the pioneer baseline",
                "Forest plot: for each outcome and estimator, the estimated effect as a percentage"
                    + " of the pioneer sites' mean before go-live, with its 95% confidence"
                    + " interval"
                    + (showTruth ? " and the true effect of the synthetic data." : "."),
                forest))
        .append("<figcaption>Estimates with 95% confidence intervals, as a percentage of the")
        .append(" pioneer sites' mean before go-live; the dashed line is no effect.</figcaption>")
        .append("</figure>\n");
  }

  static String estimatorName(Estimator estimator) {
    return estimator == Estimator.TWFE ? "TWFE" : "2x2";
  }

  private static String relative(Row r) {
    Double relative = Cells.dbl(r, EffectColumns.RELATIVE_EFFECT);
    return relative == null || !Double.isFinite(relative)
        ? Html.NOT_AVAILABLE
        : Html.signedPercent(relative);
  }

  /** One plain sentence a reviewer can read without the table. */
  static String interpretation(Row r) {
    double estimate = r.getAs(EffectColumns.ESTIMATE);
    double lower = r.getAs(EffectColumns.CI_LOWER);
    double upper = r.getAs(EffectColumns.CI_UPPER);
    double relative = r.getAs(EffectColumns.RELATIVE_EFFECT);
    String label = r.getAs(EffectColumns.OUTCOME_LABEL);
    String unit = r.getAs(EffectColumns.UNIT);
    Double wild = Cells.dbl(r, EffectColumns.WILD_BOOTSTRAP_P_VALUE);
    boolean excludesZero = lower > 0 || upper < 0;
    return label
        + ": after go-live, pioneer sites were "
        + Html.fmt(Math.abs(estimate))
        + " "
        + unit
        + (estimate >= 0 ? " higher" : " lower")
        + " than the comparison sites' trend implies ("
        + Html.signedPercent(relative)
        + " of their baseline; 95% CI "
        + Html.fmt(lower)
        + " to "
        + Html.fmt(upper)
        + (wild == null
            ? ""
            : "; wild bootstrap p "
                + (wild < 0.001
                    ? "< 0.001"
                    : "= " + String.format(java.util.Locale.ROOT, "%.3f", wild)))
        + "). "
        + (excludesZero
            ? "The interval excludes no effect."
            : "The interval includes no effect, so the data are consistent with no change.");
  }

  private static boolean hasTruth(ReportContext ctx) {
    for (Row r : ctx.effects()) {
      if (ctx.truth()
          .trueEffect(
              r.getAs(EffectColumns.OUTCOME), Estimator.valueOf(r.getAs(EffectColumns.ESTIMATOR)))
          .isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records in each outcome's panel, under disclosure control: admissions behind an admission rate,
   * resident-months behind the cost per resident, survey responses behind a survey score (rows with
   * a value of the outcome only).
   */
  static Map<String, String> recordsBehind(ReportContext ctx) {
    Map<String, String> shown = new HashMap<>();
    for (PanelOutcome o : PanelOutcome.values()) {
      OptionalLong records = ctx.panelMeans().records(o);
      if (records.isPresent()) {
        shown.put(
            o.columnName(),
            ctx.disclosure().show(records.getAsLong())
                + "<br><span class=\"unit\">"
                + PanelMeans.recordsName(o)
                + "</span>");
      }
    }
    return shown;
  }
}
