package org.pioneereval.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.OutcomeModelColumns;
import org.pioneereval.jobs.estimate.OutcomeModelsJob;
import org.pioneereval.jobs.lake.LakeTable;

/**
 * Outcome models ({@code results/outcome_models}): admissions and costs as rate ratios (Poisson
 * PPML), satisfaction as survey-weighted effects on the responses (mean score and top box), each
 * with its raw p-value and the Holm and Benjamini-Hochberg p-values adjusted across the family of
 * outcomes. An estimate is shown only where the outcome's TWFE estimate may be (the same sites).
 */
final class OutcomeModelsSection {

  private OutcomeModelsSection() {}

  static void write(StringBuilder html, ReportContext ctx) {
    html.append("<p>The linear effects above answer \"by how much\"; reviewers also expect each")
        .append(" outcome on the scale of its own model. Admissions are counts: a Poisson")
        .append(" pseudo-maximum-likelihood model with site and month effects and the population")
        .append(" as exposure gives the <em>rate ratio</em> (pioneers' rate after go-live over the")
        .append(" rate the comparison sites' trend implies). Costs are skewed: the same model on")
        .append(
            " total cost gives the <em>cost ratio</em>. Satisfaction comes from weighted surveys")
        .append(" with different respondents each wave: a survey-weighted regression on the")
        .append(" responses with site and wave effects gives the change in the mean score and in")
        .append(" the share answering ")
        .append(OutcomeModelsJob.TOP_BOX_THRESHOLD)
        .append(" or 5 (top box). Seven outcomes are tested at once, so next to each raw p-value")
        .append(" are Holm's (family-wise error) and Benjamini-Hochberg's (false discovery rate)")
        .append(" adjustments across the family: the primary test of each outcome, and separately")
        .append(" the top-box tests.</p>\n");
    List<Row> rows = ctx.runRows(LakeTable.OUTCOME_MODELS);
    if (rows.isEmpty()) {
      html.append("<p>No outcome models in this run (table <code>")
          .append(Html.esc(LakeTable.OUTCOME_MODELS.relativePath()))
          .append("</code> has no rows for it): <code>pioneer-eval run</code> writes them.</p>\n");
      return;
    }
    List<Row> ordered = new ArrayList<>(rows);
    ordered.sort(
        java.util.Comparator.comparing(
                (Row r) -> Cells.str(r, OutcomeModelColumns.OUTCOME),
                EventStudySection.outcomeOrder())
            .thenComparing(r -> Cells.str(r, OutcomeModelColumns.MODEL)));
    html.append("<table class=\"effects\"><caption>Outcome models: estimate, 95% CI, raw and")
        .append(" adjusted p-values; SEs clustered by site</caption>\n<thead><tr>")
        .append("<th scope=\"col\">Outcome</th><th scope=\"col\">Model</th>")
        .append("<th scope=\"col\">Estimate</th><th scope=\"col\">95% CI</th>")
        .append("<th scope=\"col\">p</th><th scope=\"col\">p, Holm</th>")
        .append("<th scope=\"col\">p, Benjamini-Hochberg</th><th scope=\"col\">Family</th>")
        .append("</tr></thead><tbody>\n");
    for (Row r : ordered) {
      String outcome = Cells.str(r, OutcomeModelColumns.OUTCOME);
      String model = Cells.str(r, OutcomeModelColumns.MODEL);
      html.append("<tr id=\"model-")
          .append(Html.esc(outcome))
          .append('-')
          .append(Html.esc(model))
          .append("\"><th scope=\"row\">")
          .append(Html.esc(ctx.label(outcome)))
          .append("</th><td>")
          .append(Html.esc(modelName(model)))
          .append("<br><span class=\"unit\">")
          .append(Html.esc(Cells.str(r, OutcomeModelColumns.SCALE)))
          .append("</span></td>");
      Optional<Row> twfe = ctx.effect(outcome, Estimator.TWFE);
      if (twfe.isEmpty() || !ctx.mayShowEffect(twfe.get())) {
        html.append("<td colspan=\"5\" class=\"suppressed\">suppressed: fewer than ")
            .append(ctx.disclosure().threshold())
            .append(" sites in a group</td>");
      } else {
        html.append("<td class=\"num\">")
            .append(Html.fmt(Cells.dbl(r, OutcomeModelColumns.ESTIMATE)))
            .append("</td><td class=\"num\">")
            .append(
                Html.interval(
                    Cells.dbl(r, OutcomeModelColumns.CI_LOWER),
                    Cells.dbl(r, OutcomeModelColumns.CI_UPPER)))
            .append("</td><td class=\"num\">")
            .append(Html.pValue(Cells.dbl(r, OutcomeModelColumns.P_VALUE)))
            .append("</td><td class=\"num\">")
            .append(Html.pValue(Cells.dbl(r, OutcomeModelColumns.P_HOLM)))
            .append("</td><td class=\"num\">")
            .append(Html.pValue(Cells.dbl(r, OutcomeModelColumns.P_BH)))
            .append("</td>");
      }
      html.append("<td>")
          .append(Html.esc(Cells.str(r, OutcomeModelColumns.FAMILY)))
          .append("</td>");
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n")
        .append("<p class=\"note\">Rate and cost ratios below 1 are reductions (0.95 = 5% fewer);")
        .append(" their interval is exp(b &plusmn; 1.96 SE) with cluster-robust SEs by site")
        .append(" (fixest's small-sample rule). Survey effects are in score points (1-5 scale) and")
        .append(
            " percentage points of the top-box share, with Taylor-linearised SEs by site.</p>\n");
  }

  private static String modelName(String model) {
    return switch (OutcomeModelsJob.Model.valueOf(model)) {
      case PPML_RATE_RATIO -> "Poisson PPML, population exposure";
      case PPML_COST_RATIO -> "Poisson PPML on cost, population exposure";
      case SURVEY_MEAN_SCORE -> "Survey-weighted, mean score";
      case SURVEY_TOP_BOX -> "Survey-weighted, top box";
    };
  }
}
