package org.pioneereval.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.StaggeredColumns;
import org.pioneereval.jobs.lake.LakeTable;

/**
 * Methods, written from the run's stored specifications (the {@code specification} JSON and
 * variance columns of the results tables), so that the text cannot drift from what was run.
 */
final class MethodsSection {

  private MethodsSection() {}

  static void write(StringBuilder html, ReportContext ctx) {
    TreeSet<String> variances = new TreeSet<>();
    TreeSet<Integer> clusters = new TreeSet<>();
    JsonNode bootstrap = null;
    JsonNode preTrend = null;
    String comparison = null;
    for (Row r : ctx.effects()) {
      String v = Cells.str(r, EffectColumns.VARIANCE_TYPE);
      if (v != null) {
        variances.add(v);
      }
      Integer g = Cells.integer(r, EffectColumns.N_CLUSTERS);
      if (g != null) {
        clusters.add(g);
      }
      JsonNode spec = ReportContext.specification(Cells.str(r, EffectColumns.SPECIFICATION));
      if (Estimator.TWFE.name().equals(r.getAs(EffectColumns.ESTIMATOR))) {
        bootstrap =
            spec.path("wild_bootstrap").isObject() ? spec.path("wild_bootstrap") : bootstrap;
        preTrend = spec.path("pre_trend_test").isObject() ? spec.path("pre_trend_test") : preTrend;
      }
      if (spec.path("comparison").isTextual()) {
        comparison = spec.path("comparison").asText();
      }
    }
    html.append("<ul id=\"methods-list\">")
        .append("<li><strong>Two-way fixed effects (TWFE)</strong>: each outcome regressed on an")
        .append(
            " indicator of a pioneer site after its go-live, with site and period fixed effects")
        .append(" absorbed exactly; all periods and both adoption waves.</li>")
        .append("<li><strong>2x2 difference-in-differences</strong>: pioneer vs comparison sites,")
        .append(" periods before the first go-live vs periods from the last go-live; the months")
        .append(" between the two waves are left out.</li>")
        .append("<li><strong>Comparison group</strong>: ")
        .append(Html.esc(comparison == null ? "sites that were never pioneers" : comparison))
        .append(".</li>")
        .append("<li><strong>Standard errors</strong>: clustered by site, variance type ")
        .append(Html.esc(variances.isEmpty() ? "CR1_STATA" : String.join(", ", variances)))
        .append(
            variances.isEmpty() || variances.contains("CR1_STATA")
                ? " (CR1 with Stata's small-sample factor G/(G-1)(N-1)/(N-K), K counting the"
                    + " absorbed fixed effects)"
                : "")
        .append("; t critical values with G-1 degrees of freedom; ")
        .append(clusters.isEmpty() ? "" : clusterText(clusters))
        .append(".</li>");
    if (bootstrap != null) {
      html.append("<li><strong>Wild cluster bootstrap</strong> (TWFE): restricted")
          .append(bootstrap.path("restricted").asBoolean(true) ? "" : " (unrestricted)")
          .append(" bootstrap-t p-value of no effect, ")
          .append(Html.esc(bootstrap.path("weights").asText("WEBB")))
          .append(" weights, ")
          .append(bootstrap.path("draws").asInt())
          .append(" draws, seed ")
          .append(bootstrap.path("seed").asLong())
          .append(".</li>");
    }
    if (preTrend != null) {
      JsonNode window = preTrend.path("event_study_window");
      JsonNode leads = preTrend.path("leads_tested");
      html.append("<li><strong>Event study</strong> (site-month outcomes): months ")
          .append(window.path(0).asInt())
          .append(" to ")
          .append(window.path(1).asInt())
          .append(" from go-live, reference month ")
          .append(preTrend.path("reference_month").asInt())
          .append(", end points ")
          .append(Html.esc(preTrend.path("endpoints").asText("binned")))
          .append("; pre-trend test: cluster-robust Wald F test that leads ")
          .append(leads.path(0).asInt())
          .append(" to ")
          .append(leads.path(1).asInt())
          .append(" are jointly zero.</li>");
    }
    staggered(html, ctx);
    if (!ctx.runRows(LakeTable.OUTCOME_MODELS).isEmpty()) {
      html.append("<li><strong>Outcome models</strong>: admissions and cost by Poisson")
          .append(" pseudo-maximum likelihood (site and month fixed effects, log population as")
          .append(" offset; rate and cost ratios exp(b); SEs clustered by site with fixest's")
          .append(" small-sample rule, Santos Silva &amp; Tenreyro 2006); satisfaction by")
          .append(
              " survey-weighted regression of each response on the treatment with site and wave")
          .append(" effects (sites as primary sampling units, Taylor-linearised SEs as R's")
          .append(" <code>svyglm</code>), for the mean score and the top-box share; p-values")
          .append(" adjusted across outcomes by Holm (1979) and Benjamini &amp; Hochberg")
          .append(" (1995).</li>");
    }
    if (!ctx.runRows(LakeTable.PATIENT_PANEL_EFFECTS).isEmpty()) {
      html.append("<li><strong>Patient-level panel</strong>: every resident on the patient")
          .append(" register in every month of the admissions window, regressed on the")
          .append(" treated-and-live indicator with resident and month fixed effects (resident")
          .append(" effects absorbed by within-resident demeaning, Frisch-Waugh-Lovell), SEs")
          .append(" clustered by site with Stata's <code>areg</code> small-sample factor (as")
          .append(" estimatr's <code>lm_robust</code> with <code>se_type = \"stata\"</code>), t")
          .append(" with sites - 1 df; computed from per-site cross-products that Spark")
          .append(" reduces.</li>");
    }
    if (!ctx.runRows(LakeTable.COHORT_EFFECTS).isEmpty()) {
      html.append("<li><strong>Matched patient cohort</strong>: enrolled pioneer patients indexed")
          .append(" at their enrolment month, comparison-site residents as candidates at the same")
          .append(" month; propensity score by logistic regression (fitted on cross-products")
          .append(" reduced by Spark), nearest-neighbour 1:4 matching without replacement on the")
          .append(" logit score within 0.2 SD (Austin 2011), exact on index month, as MatchIt")
          .append(" (Ho, Imai, King &amp; Stuart 2011); balance as standardized mean differences")
          .append(" and variance ratios; outcomes over 12 months before and from the index")
          .append(" month: weighted difference-in-differences of each patient's change (CR1 by")
          .append(" site) and Poisson rate ratios with patient fixed effects (fixest's")
          .append(" <code>fepois</code> cluster-robust SEs by site); spells costed at the")
          .append(" national tariff of their admission method (2017/18 prices).</li>");
    }
    html.append("<li><strong>Panels</strong>: admission rates per 1,000 residents per site and")
        .append(" month; cost per resident per month deflated to base-year prices with the GDP")
        .append(" deflator; patient-experience items as survey-weighted site means per annual")
        .append(" wave (repeated cross-sections).</li></ul>\n")
        .append("<p id=\"references\"><strong>References</strong>: Angrist &amp; Pischke (2009)")
        .append(" <em>Mostly Harmless Econometrics</em>; Cameron, Gelbach &amp; Miller (2008)")
        .append(" <em>Review of Economics and Statistics</em> 90(3); MacKinnon &amp; Webb (2017)")
        .append(" <em>Journal of Applied Econometrics</em> 32(2); Callaway &amp; Sant'Anna (2021)")
        .append(" <em>Journal of Econometrics</em> 225(2); Sun &amp; Abraham (2021) <em>Journal of")
        .append(" Econometrics</em> 225(2); Goodman-Bacon (2021) <em>Journal of Econometrics</em>")
        .append(" 225(2); Schmidheiny &amp; Siegloch (2023) <em>Journal of Applied")
        .append(" Econometrics</em> 38(5); Roland et al. (2012) <em>International Journal of")
        .append(" Integrated Care</em> for the ICP evaluation design.</p>\n");
  }

  private static String clusterText(TreeSet<Integer> clusters) {
    return clusters.size() == 1
        ? clusters.first() + " clusters (sites)"
        : clusters.first() + " to " + clusters.last() + " clusters (sites) by outcome";
  }

  private static void staggered(StringBuilder html, ReportContext ctx) {
    Optional<JsonNode> spec =
        ctx.runRows(LakeTable.STAGGERED_AGGREGATIONS).stream()
            .map(r -> ReportContext.specification(Cells.str(r, StaggeredColumns.SPECIFICATION)))
            .filter(s -> s.path("cs").isObject())
            .findFirst();
    if (spec.isEmpty()) {
      return;
    }
    JsonNode s = spec.get();
    JsonNode cs = s.path("cs");
    JsonNode bands = s.path("uniform_bands");
    JsonNode window = cs.path("dynamic_window");
    html.append("<li><strong>Callaway &amp; Sant'Anna</strong>: ATT(g,t) against ")
        .append(
            Html.esc(
                cs.path("comparison")
                    .asText()
                    .toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ')))
        .append(" sites, ")
        .append(Html.esc(cs.path("base_period").asText().toLowerCase(java.util.Locale.ROOT)))
        .append(" base period, no covariates, standard errors ")
        .append(Html.esc(cs.path("se").asText()))
        .append("; aggregated overall, by wave and by time since go-live")
        .append(
            window.isArray()
                ? " (months " + window.path(0).asInt() + " to " + window.path(1).asInt() + ")"
                : "")
        .append("; simultaneous bands from ")
        .append(bands.path("draws").asInt())
        .append(" multiplier-bootstrap draws (")
        .append(Html.esc(bands.path("weights").asText().toLowerCase(java.util.Locale.ROOT)))
        .append(" weights by site, seed ")
        .append(bands.path("seed").asLong())
        .append(").</li><li><strong>Sun &amp; Abraham</strong>: interaction-weighted event study,")
        .append(" reference period ")
        .append(s.path("sa").path("reference_period").asInt(-1))
        .append(", ")
        .append(Html.esc(s.path("sa").path("variance").asText()))
        .append(" clustered by site. <strong>Goodman-Bacon</strong>: the TWFE coefficient of the")
        .append(" same balanced panel split into 2x2 comparisons.</li><li><strong>Balanced")
        .append(" panel</strong> for these estimators: periods in which fewer than ")
        .append(
            Math.round(100 * s.path("balancing").path("min_site_share_per_period").asDouble(0.5)))
        .append("% of sites have a value are dropped, then sites without a value in every")
        .append(" remaining period.</li>");
  }
}
