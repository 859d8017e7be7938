package org.pioneereval.jobs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.cohort.CohortOutcome;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.PatientPanelColumns;
import org.pioneereval.jobs.lake.LakeTable;

/**
 * The two-way fixed-effects DiD on the patient x month panel ({@code
 * results/patient_panel_effects}) beside the site-level TWFE of the same outcome: every resident
 * weighted equally instead of every site. An estimate resting on fewer treated residents than the
 * disclosure threshold is suppressed, and so are such counts.
 */
final class PatientPanelSection {

  private PatientPanelSection() {}

  static void write(StringBuilder html, ReportContext ctx) {
    html.append("<p>The same two-way fixed-effects comparison as in the first table, with each")
        .append(" resident on the patient register as the unit instead of each site: one row per")
        .append(" resident and month, the resident's own fixed effect and a fixed effect per")
        .append(" month. Residents of a pioneer site count as treated from the first whole month")
        .append(" after its go-live; standard errors are clustered by site, so the inference")
        .append(" still rests on the number of sites. Spark reduces the panel to one small matrix")
        .append(" per site; no resident-level row leaves the cluster.</p>\n");
    List<Row> rows = new ArrayList<>(ctx.runRows(LakeTable.PATIENT_PANEL_EFFECTS));
    if (rows.isEmpty()) {
      html.append("<p>No patient-level panel in this run (table <code>")
          .append(Html.esc(LakeTable.PATIENT_PANEL_EFFECTS.relativePath()))
          .append("</code> has no rows for it): it is estimated when the lake holds a patient")
          .append(" register (<code>silver/patient_register</code>).</p>\n");
      return;
    }
    rows.sort(
        Comparator.comparing(
            r ->
                CohortOutcome.fromColumnName(Cells.str(r, PatientPanelColumns.OUTCOME)).ordinal()));
    boolean withTruth = rows.stream().anyMatch(r -> truth(ctx, r).isPresent());
    html.append("<table class=\"effects\" id=\"patient-panel-effects\"><caption>Patient x month")
        .append(" panel: TWFE effect, 95% CI (t with sites - 1 df), and the site-level TWFE")
        .append("</caption>\n<thead><tr><th scope=\"col\">Outcome</th>")
        .append("<th scope=\"col\">Estimate</th><th scope=\"col\">95% CI</th>");
    if (withTruth) {
      html.append("<th scope=\"col\">True effect</th>");
    }
    html.append("<th scope=\"col\">p</th><th scope=\"col\">Site-level TWFE</th>")
        .append("<th scope=\"col\">Residents (treated)</th>")
        .append("<th scope=\"col\">Resident-months</th><th scope=\"col\">Sites</th></tr>")
        .append("</thead><tbody>\n");
    for (Row r : rows) {
      String outcome = Cells.str(r, PatientPanelColumns.OUTCOME);
      long treated = Cells.lng(r, PatientPanelColumns.N_TREATED_PATIENTS);
      html.append("<tr id=\"patient-panel-")
          .append(Html.esc(outcome))
          .append("\"><th scope=\"row\">")
          .append(Html.esc(Cells.str(r, PatientPanelColumns.OUTCOME_LABEL)))
          .append("<br><span class=\"unit\">")
          .append(Html.esc(Cells.str(r, PatientPanelColumns.UNIT)))
          .append("</span></th>");
      int columns = withTruth ? 5 : 4;
      if (ctx.disclosure().isSmall(treated)) {
        html.append("<td colspan=\"")
            .append(columns)
            .append("\" class=\"suppressed\">suppressed: fewer than ")
            .append(ctx.disclosure().threshold())
            .append(" treated residents</td>");
      } else {
        html.append("<td class=\"num\">")
            .append(Html.fmt(Cells.dbl(r, PatientPanelColumns.ESTIMATE)))
            .append("</td><td class=\"num\">")
            .append(
                Html.interval(
                    Cells.dbl(r, PatientPanelColumns.CI_LOWER),
                    Cells.dbl(r, PatientPanelColumns.CI_UPPER)))
            .append("</td>");
        if (withTruth) {
          OptionalDouble t = truth(ctx, r);
          html.append("<td class=\"num\">")
              .append(t.isPresent() ? Html.fmt(t.getAsDouble()) : "")
              .append("</td>");
        }
        html.append("<td class=\"num\">")
            .append(Html.pValue(Cells.dbl(r, PatientPanelColumns.P_VALUE)))
            .append("</td><td class=\"num\">")
            .append(siteLevel(ctx, r).map(Html::fmt).orElse("n/a"))
            .append("</td>");
      }
      html.append("<td class=\"num\">")
          .append(ctx.disclosure().show(Cells.lng(r, PatientPanelColumns.N_PATIENTS)))
          .append(" (")
          .append(ctx.disclosure().show(treated))
          .append(")</td><td class=\"num\">")
          .append(ctx.disclosure().show(Cells.lng(r, PatientPanelColumns.N_PATIENT_MONTHS)))
          .append("</td><td class=\"num\">")
          .append(Cells.integer(r, PatientPanelColumns.N_CLUSTERS))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n")
        .append("<p class=\"note\">Admissions per 1,000 residents per month are in the unit of")
        .append(" the site-level rates; the two estimates differ in weighting (residents vs")
        .append(" sites). Inpatient cost is each spell at the national tariff of its admission")
        .append(" method (the costs extract is not patient-level), so it has no site-level")
        .append(" counterpart.</p>\n");
  }

  private static OptionalDouble truth(ReportContext ctx, Row r) {
    String site = Cells.str(r, PatientPanelColumns.SITE_OUTCOME);
    return site == null ? OptionalDouble.empty() : ctx.truth().trueEffect(site, Estimator.TWFE);
  }

  private static Optional<Double> siteLevel(ReportContext ctx, Row r) {
    String site = Cells.str(r, PatientPanelColumns.SITE_OUTCOME);
    if (site == null) {
      return Optional.empty();
    }
    return ctx.effect(site, Estimator.TWFE).map(e -> Cells.dbl(e, EffectColumns.ESTIMATE));
  }
}
