package org.pioneereval.jobs.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.ingest.IngestColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The report stage: one self-contained HTML file per run (no scripts, fonts or requests), with the
 * effects of every outcome, data quality by extract and rule, the methods and the provenance of
 * every table, under disclosure control.
 */
public final class ReportJob {

  /** File name of a run's report inside its folder. */
  public static final String REPORT_FILE = "report.html";

  /** Copy of the newest report at the top of the reports folder. */
  public static final String LATEST_FILE = "latest-report.html";

  private final Lakehouse lake;
  private final String runId;
  private final Path reportsRoot;
  private final KnownTruth truth;
  private final DisclosureControl disclosure;

  private ReportJob(
      Lakehouse lake,
      String runId,
      Path reportsRoot,
      KnownTruth truth,
      DisclosureControl disclosure) {
    this.lake = lake;
    this.runId = runId;
    this.reportsRoot = reportsRoot;
    this.truth = truth;
    this.disclosure = disclosure;
  }

  public static ReportJob create(Lakehouse lake, String runId, Path reportsRoot) {
    return new ReportJob(lake, runId, reportsRoot, KnownTruth.NONE, DisclosureControl.defaults());
  }

  public ReportJob withTruth(KnownTruth knownTruth) {
    return new ReportJob(lake, runId, reportsRoot, knownTruth, disclosure);
  }

  public ReportJob withDisclosureControl(DisclosureControl control) {
    return new ReportJob(lake, runId, reportsRoot, truth, control);
  }

  /** Writes the report and returns its path. */
  public Path execute() {
    List<Row> effects =
        new ArrayList<>(
            lake.read(LakeTable.DID_EFFECTS, "estimate")
                .filter(col(EffectColumns.RUN_ID).equalTo(runId))
                .collectAsList());
    effects.sort(
        java.util.Comparator.comparingInt(ReportJob::outcomeOrder)
            .thenComparing(r -> Estimator.valueOf(r.getAs(EffectColumns.ESTIMATOR))));
    if (effects.isEmpty()) {
      throw PipelineErrors.missingTable(
          "did_effects for run " + runId,
          Path.of(lake.location(LakeTable.DID_EFFECTS)),
          "estimate");
    }
    StringBuilder html = new StringBuilder(32_768);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>pioneer-eval report ")
        .append(esc(runId))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    html.append("<h1>Evaluation of integrated-care pioneers: difference-in-differences</h1>\n");
    html.append("<p class=\"meta\">Run <code>")
        .append(esc(runId))
        .append("</code>, generated ")
        .append(esc(Instant.now().toString()))
        .append(".</p>\n");
    summary(html, effects);
    trends(html);
    dataQuality(html);
    methods(html);
    provenance(html);
    html.append("</body></html>\n");
    try {
      Path runFolder = reportsRoot.resolve(runId);
      Files.createDirectories(runFolder);
      Path report = runFolder.resolve(REPORT_FILE);
      Files.writeString(report, html, StandardCharsets.UTF_8);
      Files.copy(report, reportsRoot.resolve(LATEST_FILE), StandardCopyOption.REPLACE_EXISTING);
      return report;
    } catch (IOException e) {
      throw PipelineErrors.badDirectory(reportsRoot, "reports folder", e);
    }
  }

  private void summary(StringBuilder html, List<Row> effects) {
    html.append("<section id=\"summary\"><h2>Effects</h2>\n")
        .append("<table><caption>Estimated effect of becoming a pioneer on each outcome (95%")
        .append(" confidence intervals, standard errors clustered by site)</caption>\n<thead><tr>")
        .append("<th scope=\"col\">Outcome</th><th scope=\"col\">Unit</th>")
        .append("<th scope=\"col\">Estimator</th><th scope=\"col\">Effect</th>")
        .append("<th scope=\"col\">95% CI</th><th scope=\"col\">p</th>")
        .append("<th scope=\"col\">% of pioneer baseline</th><th scope=\"col\">Sites (pioneer /")
        .append(" comparison)</th>");
    boolean showTruth = hasTruth(effects);
    if (showTruth) {
      html.append("<th scope=\"col\">True effect (synthetic data)</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (Row r : effects) {
      String outcome = r.getAs(EffectColumns.OUTCOME);
      Estimator estimator = Estimator.valueOf(r.getAs(EffectColumns.ESTIMATOR));
      int pioneers = r.getAs(EffectColumns.N_PIONEER_SITES);
      int comparisons = r.getAs(EffectColumns.N_COMPARISON_SITES);
      html.append("<tr><th scope=\"row\">")
          .append(esc(r.getAs(EffectColumns.OUTCOME_LABEL)))
          .append("</th><td>")
          .append(esc(r.getAs(EffectColumns.UNIT)))
          .append("</td><td>")
          .append(estimator == Estimator.TWFE ? "TWFE" : "2x2")
          .append("</td>");
      if (!disclosure.mayShowEstimate(Math.min(pioneers, comparisons))) {
        html.append("<td colspan=\"4\">suppressed: fewer than ")
            .append(disclosure.threshold())
            .append(" sites in a group</td>");
      } else {
        double estimate = r.getAs(EffectColumns.ESTIMATE);
        html.append("<td class=\"num\">")
            .append(fmt(estimate))
            .append("</td><td class=\"num\">")
            .append(fmt(r.getAs(EffectColumns.CI_LOWER)))
            .append(" to ")
            .append(fmt(r.getAs(EffectColumns.CI_UPPER)))
            .append("</td><td class=\"num\">")
            .append(pValue(r.getAs(EffectColumns.P_VALUE)))
            .append("</td><td class=\"num\">")
            .append(
                String.format(
                    Locale.ROOT, "%+.1f%%", 100 * (double) r.getAs(EffectColumns.RELATIVE_EFFECT)))
            .append("</td>");
      }
      html.append("<td class=\"num\">")
          .append(pioneers)
          .append(" / ")
          .append(comparisons)
          .append("</td>");
      if (showTruth) {
        OptionalDouble t = truth.trueEffect(outcome, estimator);
        html.append("<td class=\"num\">")
            .append(t.isPresent() ? fmt(t.getAsDouble()) : "")
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n");
    List<SvgCharts.ForestRow> forest = new ArrayList<>();
    html.append("<ul class=\"interpretation\">");
    for (Row r : effects) {
      Estimator estimator = Estimator.valueOf(r.getAs(EffectColumns.ESTIMATOR));
      double baseline = r.getAs(EffectColumns.BASELINE_MEAN);
      int smallestGroup =
          Math.min(
              (int) r.getAs(EffectColumns.N_PIONEER_SITES),
              (int) r.getAs(EffectColumns.N_COMPARISON_SITES));
      if (!disclosure.mayShowEstimate(smallestGroup)) {
        continue;
      }
      double estimate = r.getAs(EffectColumns.ESTIMATE);
      double lower = r.getAs(EffectColumns.CI_LOWER);
      double upper = r.getAs(EffectColumns.CI_UPPER);
      OptionalDouble t = truth.trueEffect(r.getAs(EffectColumns.OUTCOME), estimator);
      forest.add(
          new SvgCharts.ForestRow(
              r.getAs(EffectColumns.OUTCOME_LABEL)
                  + (estimator == Estimator.TWFE ? " (TWFE)" : " (2x2)"),
              100 * estimate / baseline,
              100 * lower / baseline,
              100 * upper / baseline,
              t.isPresent() ? 100 * t.getAsDouble() / baseline : null));
      if (estimator == Estimator.TWFE) {
        html.append("<li>").append(esc(interpretation(r))).append("</li>");
      }
    }
    html.append("</ul>\n<figure>")
        .append(
            SvgCharts.forestPlot(
                "Effects of the programme, relative to the pioneer baseline",
                "Forest plot: for each outcome and estimator, the estimated effect as a percentage"
                    + " of the pioneer sites' mean before go-live, with its 95% confidence"
                    + " interval.",
                forest))
        .append("<figcaption>Estimates with 95% confidence intervals, as a percentage of the")
        .append(" pioneer sites' mean before go-live; the dashed line is no effect.</figcaption>")
        .append("</figure></section>\n");
  }

  private static int outcomeOrder(Row r) {
    String outcome = r.getAs(EffectColumns.OUTCOME);
    for (PanelOutcome o : PanelOutcome.values()) {
      if (o.columnName().equals(outcome)) {
        return o.ordinal();
      }
    }
    return Integer.MAX_VALUE;
  }

  /** One plain sentence a reviewer can read without the table. */
  static String interpretation(Row r) {
    double estimate = r.getAs(EffectColumns.ESTIMATE);
    double lower = r.getAs(EffectColumns.CI_LOWER);
    double upper = r.getAs(EffectColumns.CI_UPPER);
    double relative = r.getAs(EffectColumns.RELATIVE_EFFECT);
    String label = r.getAs(EffectColumns.OUTCOME_LABEL);
    String unit = r.getAs(EffectColumns.UNIT);
    boolean excludesZero = lower > 0 || upper < 0;
    return label
        + ": after go-live, pioneer sites were "
        + fmt(Math.abs(estimate))
        + " "
        + unit
        + (estimate >= 0 ? " higher" : " lower")
        + " than the comparison sites' trend implies ("
        + String.format(Locale.ROOT, "%+.1f%%", 100 * relative)
        + " of their baseline; 95% CI "
        + fmt(lower)
        + " to "
        + fmt(upper)
        + "). "
        + (excludesZero
            ? "The interval excludes no effect."
            : "The interval includes no effect, so the data are consistent with no change.");
  }

  private void trends(StringBuilder html) {
    html.append("<section id=\"trends\"><h2>Trends: pioneer and comparison sites</h2>\n")
        .append("<p>Unadjusted means by group and period; dashed vertical lines mark the")
        .append(" go-live of each wave.</p>\n");
    List<Row> goLives =
        lake.read(LakeTable.SITE_MONTH_PANEL, "panel")
            .filter(col(PanelColumns.GO_LIVE_DATE).isNotNull())
            .select(col(PanelColumns.WAVE), col(PanelColumns.GO_LIVE_DATE))
            .distinct()
            .orderBy(PanelColumns.WAVE)
            .collectAsList();
    double[] markers = new double[goLives.size()];
    String[] markerLabels = new String[goLives.size()];
    for (int i = 0; i < goLives.size(); i++) {
      java.time.LocalDate d = goLives.get(i).getDate(1).toLocalDate();
      markers[i] = decimalYear(d);
      markerLabels[i] = "wave " + goLives.get(i).get(0) + " live " + d.toString().substring(0, 7);
    }
    for (PanelOutcome outcome : PanelOutcome.values()) {
      LakeTable table =
          outcome.level() == PanelOutcome.Level.SITE_MONTH
              ? LakeTable.SITE_MONTH_PANEL
              : LakeTable.SITE_WAVE_PANEL;
      List<Row> means =
          lake.read(table, "panel")
              .filter(col(outcome.columnName()).isNotNull())
              .groupBy(
                  col(PanelColumns.PERIOD_START),
                  coalesce(col(PanelColumns.WAVE).cast("string"), lit("comparison")).as("grp"))
              .agg(
                  avg(col(outcome.columnName())).as("mean"),
                  countDistinct(PanelColumns.SITE_CODE).as("sites"))
              .orderBy("grp", PanelColumns.PERIOD_START)
              .collectAsList();
      java.util.Map<String, List<Row>> byGroup = new java.util.TreeMap<>();
      for (Row m : means) {
        byGroup.computeIfAbsent(m.getString(1), k -> new ArrayList<>()).add(m);
      }
      List<SvgCharts.Series> series = new ArrayList<>();
      String[] colours = {"#1f4e79", "#c0392b", "#27ae60", "#8e44ad"};
      int c = 0;
      for (java.util.Map.Entry<String, List<Row>> g : byGroup.entrySet()) {
        List<Row> rows = g.getValue();
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
          x[i] = decimalYear(rows.get(i).getDate(0).toLocalDate());
          y[i] =
              disclosure.mayShowEstimate(rows.get(i).getLong(3))
                  ? rows.get(i).getDouble(2)
                  : Double.NaN;
        }
        String name =
            g.getKey().equals("comparison") ? "comparison sites" : "pioneers, wave " + g.getKey();
        boolean comparison = g.getKey().equals("comparison");
        series.add(
            new SvgCharts.Series(
                name, comparison ? "#7f7f7f" : colours[c++ % colours.length], x, y, comparison));
      }
      html.append("<figure>")
          .append(
              SvgCharts.lineChart(
                  outcome.label(),
                  "Line chart of the mean "
                      + outcome.label().toLowerCase(Locale.ROOT)
                      + " ("
                      + outcome.unit()
                      + ") by period for comparison sites and each wave of pioneer sites.",
                  outcome.unit(),
                  series,
                  markers,
                  markerLabels))
          .append("</figure>\n");
    }
    html.append("</section>\n");
  }

  private static double decimalYear(java.time.LocalDate d) {
    return d.getYear() + (d.getDayOfYear() - 1) / 365.25;
  }

  private boolean hasTruth(List<Row> effects) {
    for (Row r : effects) {
      if (truth
          .trueEffect(
              r.getAs(EffectColumns.OUTCOME), Estimator.valueOf(r.getAs(EffectColumns.ESTIMATOR)))
          .isPresent()) {
        return true;
      }
    }
    return false;
  }

  private void dataQuality(StringBuilder html) {
    html.append("<section id=\"data-quality\"><h2>Data quality</h2>\n");
    if (!lake.exists(LakeTable.INGEST_LOG)) {
      html.append("<p>No ingest log in this lake.</p></section>\n");
      return;
    }
    List<Row> perExtract =
        lake.read(LakeTable.INGEST_LOG, "ingest")
            .groupBy(IngestColumns.EXTRACT)
            .agg(
                countDistinct(
                        when(
                            col(IngestColumns.STATUS).equalTo(IngestColumns.STATUS_ACCEPTED),
                            col(IngestColumns.DROP_ID)))
                    .as("accepted_drops"),
                countDistinct(
                        when(
                            col(IngestColumns.STATUS).equalTo(IngestColumns.STATUS_REFUSED),
                            col(IngestColumns.DROP_ID)))
                    .as("refused_drops"),
                sum(col(IngestColumns.ROWS_RECEIVED)).as("received"),
                sum(col(IngestColumns.ROWS_ACCEPTED)).as("accepted"),
                sum(col(IngestColumns.ROWS_QUARANTINED)).as("quarantined"))
            .orderBy(IngestColumns.EXTRACT)
            .collectAsList();
    html.append("<table><caption>Drops and rows by extract (all ingest runs; counts of 1 to ")
        .append(disclosure.threshold() - 1)
        .append(" shown as *)</caption><thead><tr><th scope=\"col\">Extract</th>")
        .append("<th scope=\"col\">Drops accepted</th><th scope=\"col\">Drops refused</th>")
        .append("<th scope=\"col\">Rows received</th><th scope=\"col\">Rows accepted</th>")
        .append("<th scope=\"col\">Rows quarantined</th></tr></thead><tbody>\n");
    for (Row r : perExtract) {
      List<String> rows = disclosure.showWithTotal(List.of(r.getLong(4), r.getLong(5)));
      html.append("<tr><th scope=\"row\">")
          .append(esc(r.getString(0)))
          .append("</th><td class=\"num\">")
          .append(r.getLong(1))
          .append("</td><td class=\"num\">")
          .append(r.getLong(2))
          .append("</td><td class=\"num\">")
          .append(disclosure.show(r.getLong(3)))
          .append("</td><td class=\"num\">")
          .append(rows.get(0))
          .append("</td><td class=\"num\">")
          .append(rows.get(1))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    if (lake.exists(LakeTable.QUARANTINE)) {
      List<Row> byRule =
          lake.read(LakeTable.QUARANTINE, "ingest")
              .select(col(IngestColumns.EXTRACT), explode(col(IngestColumns.RULE_IDS)).as("rule"))
              .groupBy(IngestColumns.EXTRACT, "rule")
              .agg(count("*").as("rows"))
              .orderBy(col(IngestColumns.EXTRACT), col("rows").desc())
              .collectAsList();
      if (!byRule.isEmpty()) {
        html.append("<table><caption>Quarantined rows by rule</caption><thead><tr>")
            .append("<th scope=\"col\">Extract</th><th scope=\"col\">Rule</th>")
            .append("<th scope=\"col\">Rows</th></tr></thead><tbody>\n");
        for (Row r : byRule) {
          html.append("<tr><td>")
              .append(esc(r.getString(0)))
              .append("</td><td><code>")
              .append(esc(r.getString(1)))
              .append("</code></td><td class=\"num\">")
              .append(disclosure.show(r.getLong(2)))
              .append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
      } else {
        html.append("<p>No row was quarantined.</p>\n");
      }
    } else {
      html.append("<p>No row was quarantined.</p>\n");
    }
    List<Row> refused =
        lake.read(LakeTable.INGEST_LOG, "ingest")
            .filter(col(IngestColumns.STATUS).equalTo(IngestColumns.STATUS_REFUSED))
            .select(IngestColumns.DROP_ID, IngestColumns.REASON, IngestColumns.MESSAGE)
            .orderBy(IngestColumns.DROP_ID)
            .limit(50)
            .collectAsList();
    if (!refused.isEmpty()) {
      html.append("<table><caption>Refused drops (first 50)</caption><thead><tr>")
          .append("<th scope=\"col\">Drop</th><th scope=\"col\">Reason</th>")
          .append("<th scope=\"col\">What to do</th></tr></thead><tbody>\n");
      for (Row r : refused) {
        html.append("<tr><td><code>")
            .append(esc(r.getString(0)))
            .append("</code></td><td>")
            .append(esc(r.getString(1)))
            .append("</td><td>")
            .append(esc(r.getString(2)))
            .append("</td></tr>\n");
      }
      html.append("</tbody></table>\n");
    }
    html.append("</section>\n");
  }

  private void methods(StringBuilder html) {
    html.append("<section id=\"methods\"><h2>Methods</h2>\n<ul>")
        .append("<li><strong>Two-way fixed effects (TWFE)</strong>: each outcome regressed on an")
        .append(
            " indicator of a pioneer site after its go-live, with site and period fixed effects")
        .append(" absorbed exactly; all periods and both adoption waves.</li>")
        .append("<li><strong>2x2 difference-in-differences</strong>: pioneer vs comparison sites,")
        .append(" periods before the first go-live vs periods from the last go-live; the months")
        .append(" between the two waves are left out.</li>")
        .append("<li><strong>Comparison group</strong>: sites that were never pioneers.</li>")
        .append("<li><strong>Inference</strong>: standard errors clustered by site, CR1 with")
        .append(" Stata's small-sample factor G/(G-1)(N-1)/(N-K) (K counts absorbed fixed")
        .append(" effects); t critical values with G-1 degrees of freedom.</li>")
        .append("<li><strong>Panels</strong>: admission rates per 1,000 residents per site and")
        .append(" month; cost per resident per month deflated to base-year prices with the GDP")
        .append(" deflator; patient-experience items as survey-weighted site means per annual")
        .append(" wave (repeated cross-sections).</li>")
        .append("<li><strong>Disclosure control</strong>: counts of 1 to ")
        .append(disclosure.threshold() - 1)
        .append(" are shown as *, with a second cell suppressed wherever a total would reveal")
        .append(" a suppressed one; no estimate is shown from fewer than ")
        .append(disclosure.threshold())
        .append(" sites in a group.</li></ul>\n")
        .append("<p>References: Angrist &amp; Pischke (2009) <em>Mostly Harmless")
        .append(" Econometrics</em>; Cameron, Gelbach &amp; Miller (2008); Roland et al. (2012)")
        .append(" <em>IJIC</em> for the ICP evaluation design.</p></section>\n");
  }

  private void provenance(StringBuilder html) {
    html.append("<section id=\"provenance\"><h2>Provenance</h2>\n<table><caption>Delta")
        .append(" tables read by this report and their versions</caption><thead><tr>")
        .append("<th scope=\"col\">Table</th><th scope=\"col\">Location</th>")
        .append("<th scope=\"col\">Delta version</th></tr></thead><tbody>\n");
    for (LakeTable table : LakeTable.values()) {
      long version = lake.version(table);
      if (version < 0) {
        continue;
      }
      html.append("<tr><td>")
          .append(esc(table.relativePath()))
          .append("</td><td><code>")
          .append(esc(lake.location(table)))
          .append("</code></td><td class=\"num\">")
          .append(version)
          .append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static String pValue(double p) {
    return p < 0.001 ? "&lt;0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  static String fmt(double value) {
    double magnitude = Math.abs(value);
    String pattern = magnitude >= 100 ? "%.1f" : magnitude >= 1 ? "%.3f" : "%.4f";
    return String.format(Locale.ROOT, pattern, value);
  }

  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  private static final String STYLE =
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:70rem;"
          + "margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}"
          + "table{border-collapse:collapse;margin:1rem 0;width:100%}"
          + "caption{text-align:left;font-weight:600;margin-bottom:.4rem}"
          + "th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;"
          + "vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums}"
          + ".meta{color:#555}code{font-size:.9em}"
          + "@media print{body{margin:0;max-width:none}section{page-break-inside:avoid}}";
}
