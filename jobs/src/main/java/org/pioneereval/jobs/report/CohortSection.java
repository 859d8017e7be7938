package org.pioneereval.jobs.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.cohort.CohortColumns;
import org.pioneereval.jobs.cohort.CohortOutcome;
import org.pioneereval.jobs.cohort.MatchedCohortJob;
import org.pioneereval.jobs.lake.LakeTable;

/**
 * The matched patient cohort ({@code results/cohort_effects}, {@code results/cohort_balance}):
 * effects on the matched treated as rate ratios and differences per patient-year beside the naive
 * unmatched comparison, the balance table and the love plot. Patient counts below the disclosure
 * threshold are suppressed, and so is every estimate resting on fewer treated or control patients
 * than the threshold.
 */
final class CohortSection {

  private CohortSection() {}

  static void write(StringBuilder html, ReportContext ctx) {
    html.append("<p>The site-level analyses above compare whole populations. The Integrated Care")
        .append(" Pilots' evaluation also followed the patients a programme actually enrolled,")
        .append(" against similar patients elsewhere. Each enrolled pioneer patient is indexed at")
        .append(" the month of enrolment; every comparison-site resident is a candidate control at")
        .append(" the same month. A logistic propensity score on age, sex, long-term condition,")
        .append(" deprivation and the previous 12 months' admissions and costs picks up to four")
        .append(" controls per patient (nearest neighbours within 0.2 SD of the logit score, same")
        .append(" index month). Enrolment follows high recent use, which falls back by itself")
        .append(" (regression to the mean): the <em>unmatched</em> rows show the bias that")
        .append(" matching on prior use removes.</p>\n");
    List<Row> rows = ctx.runRows(LakeTable.COHORT_EFFECTS);
    if (rows.isEmpty()) {
      html.append("<p>No matched cohort in this run (table <code>")
          .append(Html.esc(LakeTable.COHORT_EFFECTS.relativePath()))
          .append("</code> has no rows for it): the design runs when the lake holds a patient")
          .append(" register (<code>silver/patient_register</code>).</p>\n");
      return;
    }
    int threshold = ctx.disclosure().threshold();
    List<Row> ordered = new ArrayList<>(rows);
    ordered.sort(
        Comparator.comparing((Row r) -> Cells.str(r, CohortColumns.DESIGN))
            .thenComparing(
                r -> CohortOutcome.fromColumnName(Cells.str(r, CohortColumns.OUTCOME)).ordinal())
            .thenComparing(r -> Cells.str(r, CohortColumns.MODEL), Comparator.reverseOrder()));
    boolean withTruth =
        ordered.stream()
            .anyMatch(
                r ->
                    ctx.truth()
                        .trueCohortEffect(
                            Cells.str(r, CohortColumns.OUTCOME), Cells.str(r, CohortColumns.MODEL))
                        .isPresent());
    html.append("<table class=\"effects\" id=\"cohort-effects\"><caption>Matched cohort: effect")
        .append(" on the treated, 95% CI, raw and adjusted p-values; SEs clustered by site")
        .append("</caption>\n<thead><tr><th scope=\"col\">Design</th>")
        .append("<th scope=\"col\">Outcome</th><th scope=\"col\">Model</th>")
        .append("<th scope=\"col\">Treated: before &rarr; after</th>")
        .append("<th scope=\"col\">Controls: before &rarr; after</th>")
        .append("<th scope=\"col\">Estimate</th><th scope=\"col\">95% CI</th>");
    if (withTruth) {
      html.append("<th scope=\"col\">True effect</th>");
    }
    html.append("<th scope=\"col\">p</th><th scope=\"col\">p, Holm</th>")
        .append("<th scope=\"col\">p, Benjamini-Hochberg</th>")
        .append("<th scope=\"col\">Patients (treated / controls)</th></tr></thead><tbody>\n");
    for (Row r : ordered) {
      String design = Cells.str(r, CohortColumns.DESIGN);
      String outcome = Cells.str(r, CohortColumns.OUTCOME);
      String model = Cells.str(r, CohortColumns.MODEL);
      long treated = Cells.lng(r, CohortColumns.N_TREATED);
      long controls = Cells.lng(r, CohortColumns.N_CONTROLS);
      // Counts are never null: the job writes both for every row.
      html.append("<tr id=\"cohort-")
          .append(Html.esc(design))
          .append('-')
          .append(Html.esc(outcome))
          .append('-')
          .append(Html.esc(model))
          .append("\"><td>")
          .append(Html.esc(design))
          .append("</td><th scope=\"row\">")
          .append(Html.esc(CohortOutcome.fromColumnName(outcome).label()))
          .append("</th><td>")
          .append(Html.esc(modelName(model)))
          .append("<br><span class=\"unit\">")
          .append(Html.esc(Cells.str(r, CohortColumns.SCALE)))
          .append("</span></td>");
      boolean small = ctx.disclosure().isSmall(treated) || ctx.disclosure().isSmall(controls);
      int columns = withTruth ? 8 : 7;
      if (small) {
        html.append("<td colspan=\"")
            .append(columns)
            .append("\" class=\"suppressed\">suppressed: fewer than ")
            .append(threshold)
            .append(" patients in a group</td>");
      } else {
        html.append("<td class=\"num\">")
            .append(Html.fmt(Cells.dbl(r, CohortColumns.TREATED_PRE_MEAN)))
            .append(" &rarr; ")
            .append(Html.fmt(Cells.dbl(r, CohortColumns.TREATED_POST_MEAN)))
            .append("</td><td class=\"num\">")
            .append(Html.fmt(Cells.dbl(r, CohortColumns.CONTROL_PRE_MEAN)))
            .append(" &rarr; ")
            .append(Html.fmt(Cells.dbl(r, CohortColumns.CONTROL_POST_MEAN)))
            .append("</td><td class=\"num\">")
            .append(Html.fmt(Cells.dbl(r, CohortColumns.ESTIMATE)))
            .append("</td><td class=\"num\">")
            .append(
                Html.interval(
                    Cells.dbl(r, CohortColumns.CI_LOWER), Cells.dbl(r, CohortColumns.CI_UPPER)))
            .append("</td>");
        if (withTruth) {
          OptionalDouble truth = ctx.truth().trueCohortEffect(outcome, model);
          html.append("<td class=\"num\">")
              .append(truth.isPresent() ? Html.fmt(truth.getAsDouble()) : "")
              .append("</td>");
        }
        html.append("<td class=\"num\">")
            .append(Html.pValue(Cells.dbl(r, CohortColumns.P_VALUE)))
            .append("</td><td class=\"num\">")
            .append(Html.pValue(Cells.dbl(r, CohortColumns.P_HOLM)))
            .append("</td><td class=\"num\">")
            .append(Html.pValue(Cells.dbl(r, CohortColumns.P_BH)))
            .append("</td>");
      }
      html.append("<td class=\"num\">")
          .append(ctx.disclosure().show(treated))
          .append(" / ")
          .append(ctx.disclosure().show(controls))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n")
        .append("<p class=\"note\">Means are per patient-year in the 12 months before and from")
        .append(" the index month (controls weighted by their matching weights). Ratios: Poisson")
        .append(" model with patient fixed effects, exp(b) with a t-interval on the log scale;")
        .append(" differences: weighted regression of each patient's change on treatment.")
        .append(" Holm and Benjamini-Hochberg adjust within a design across the three ratios")
        .append(" (primary) and across the three differences (secondary).</p>\n");
    writeBalance(html, ctx);
  }

  private static void writeBalance(StringBuilder html, ReportContext ctx) {
    List<Row> balance = new ArrayList<>(ctx.runRows(LakeTable.COHORT_BALANCE));
    if (balance.isEmpty()) {
      return;
    }
    List<SvgCharts.BalancePoint> points = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    table
        .append("<table class=\"effects\" id=\"cohort-balance\"><caption>Covariate balance")
        .append(" before and after matching (MatchIt's summary)</caption>\n<thead><tr>")
        .append("<th scope=\"col\">Covariate</th><th scope=\"col\">Treated mean</th>")
        .append("<th scope=\"col\">Control mean, before</th>")
        .append("<th scope=\"col\">Std. mean difference, before</th>")
        .append("<th scope=\"col\">Variance ratio, before</th>")
        .append("<th scope=\"col\">Control mean, after</th>")
        .append("<th scope=\"col\">Std. mean difference, after</th>")
        .append("<th scope=\"col\">Variance ratio, after</th></tr></thead><tbody>\n");
    for (Row r : balance) {
      String label = Cells.str(r, CohortColumns.COVARIATE_LABEL);
      Double before = Cells.dbl(r, CohortColumns.SMD_BEFORE);
      Double after = Cells.dbl(r, CohortColumns.SMD_AFTER);
      points.add(
          new SvgCharts.BalancePoint(
              label, before == null ? Double.NaN : before, after == null ? Double.NaN : after));
      table
          .append("<tr id=\"balance-")
          .append(Html.esc(Cells.str(r, CohortColumns.COVARIATE)))
          .append("\"><th scope=\"row\">")
          .append(Html.esc(label))
          .append("</th><td class=\"num\">")
          .append(Html.fmt(Cells.dbl(r, CohortColumns.MEAN_TREATED_AFTER)))
          .append("</td><td class=\"num\">")
          .append(Html.fmt(Cells.dbl(r, CohortColumns.MEAN_CONTROL_BEFORE)))
          .append("</td><td class=\"num\">")
          .append(Html.fmt(before))
          .append("</td><td class=\"num\">")
          .append(Html.fmt(Cells.dbl(r, CohortColumns.VARIANCE_RATIO_BEFORE)))
          .append("</td><td class=\"num\">")
          .append(Html.fmt(Cells.dbl(r, CohortColumns.MEAN_CONTROL_AFTER)))
          .append("</td><td class=\"num\">")
          .append(Html.fmt(after))
          .append("</td><td class=\"num\">")
          .append(Html.fmt(Cells.dbl(r, CohortColumns.VARIANCE_RATIO_AFTER)))
          .append("</td></tr>\n");
    }
    table.append("</tbody></table>\n");
    html.append("<figure>")
        .append(
            SvgCharts.lovePlot(
                "Covariate balance of the matched cohort",
                "Absolute standardized mean difference of each covariate between enrolled"
                    + " patients and controls, before and after matching; 0.1 or less is"
                    + " conventionally balanced.",
                points))
        .append("</figure>\n")
        .append(table)
        .append("<p class=\"note\">Standardized mean difference: difference in means over the")
        .append(" treated patients' SD; variance ratio: treated over control (blank for")
        .append(" indicators).</p>\n");
  }

  private static String modelName(String model) {
    return switch (MatchedCohortJob.Model.valueOf(model)) {
      case RATE_RATIO -> "Poisson, patient fixed effects";
      case DIFFERENCE -> "Difference-in-differences";
    };
  }
}
