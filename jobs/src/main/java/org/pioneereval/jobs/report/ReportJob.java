package org.pioneereval.jobs.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The report stage: one self-contained HTML file per run (no scripts, fonts or requests; charts as
 * inline SVG) with the {@link ReportSection sections} a reviewer reads: the effects of every
 * outcome with both p-values, raw trends, event studies with pre-trend tests, the estimates robust
 * to staggered adoption with the Goodman-Bacon weights, data quality, methods, disclosure control
 * and provenance. Every count and estimate shown passes {@link DisclosureControl}.
 *
 * <p>The same file is printed to {@value #PDF_FILE} beside it by {@link HeadlessChromium}, for
 * circulation. Without Chromium the HTML is still written and a warning says how to install it.
 */
public final class ReportJob {

  /** File name of a run's report inside its folder. */
  public static final String REPORT_FILE = "report.html";

  /** File name of the PDF of a run's report, beside {@link #REPORT_FILE}. */
  public static final String PDF_FILE = "report.pdf";

  /** Copy of the newest report at the top of the reports folder. */
  public static final String LATEST_FILE = "latest-report.html";

  /** Copy of the newest report's PDF at the top of the reports folder. */
  public static final String LATEST_PDF_FILE = "latest-report.pdf";

  private final Lakehouse lake;
  private final String runId;
  private final Path reportsRoot;
  private final KnownTruth truth;
  private final DisclosureControl disclosure;
  private final Optional<HeadlessChromium> chromium;
  private final PrintStream warnings;

  private ReportJob(
      Lakehouse lake,
      String runId,
      Path reportsRoot,
      KnownTruth truth,
      DisclosureControl disclosure,
      Optional<HeadlessChromium> chromium,
      PrintStream warnings) {
    this.lake = lake;
    this.runId = runId;
    this.reportsRoot = reportsRoot;
    this.truth = truth;
    this.disclosure = disclosure;
    this.chromium = chromium;
    this.warnings = warnings;
  }

  /** The report of a run, printed to PDF with the Chromium on the PATH; warnings to stderr. */
  public static ReportJob create(Lakehouse lake, String runId, Path reportsRoot) {
    return new ReportJob(
        lake,
        runId,
        reportsRoot,
        KnownTruth.NONE,
        DisclosureControl.defaults(),
        HeadlessChromium.onPath(),
        System.err);
  }

  public ReportJob withTruth(KnownTruth knownTruth) {
    return new ReportJob(lake, runId, reportsRoot, knownTruth, disclosure, chromium, warnings);
  }

  public ReportJob withDisclosureControl(DisclosureControl control) {
    return new ReportJob(lake, runId, reportsRoot, truth, control, chromium, warnings);
  }

  /** Prints the PDF with this Chromium, or, when empty, writes only the HTML (with a warning). */
  public ReportJob withChromium(Optional<HeadlessChromium> browser) {
    return new ReportJob(lake, runId, reportsRoot, truth, disclosure, browser, warnings);
  }

  /**
   * With {@code false}, writes the HTML report only, without a word about the PDF (a caller that
   * asked for none); {@code true} keeps this job as it is.
   */
  public ReportJob withPdf(boolean pdf) {
    if (pdf) {
      return this;
    }
    return new ReportJob(
        lake,
        runId,
        reportsRoot,
        truth,
        disclosure,
        Optional.empty(),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  /** Where warnings go (a PDF that could not be printed); standard error by default. */
  public ReportJob withWarningsTo(PrintStream stream) {
    return new ReportJob(lake, runId, reportsRoot, truth, disclosure, chromium, stream);
  }

  /** Writes the report (and its PDF when Chromium is there) and returns the HTML file's path. */
  public Path execute() {
    List<Row> effects =
        new ArrayList<>(
            lake.read(LakeTable.DID_EFFECTS, "estimate")
                .filter(col(EffectColumns.RUN_ID).equalTo(runId))
                .collectAsList());
    if (effects.isEmpty()) {
      throw PipelineErrors.missingTable(
          "did_effects for run " + runId,
          Path.of(lake.location(LakeTable.DID_EFFECTS)),
          "estimate");
    }
    effects.sort(
        Comparator.comparingInt(
                (Row r) -> ReportContext.outcomeOrder(r.getAs(EffectColumns.OUTCOME)))
            .thenComparing(r -> r.<String>getAs(EffectColumns.OUTCOME))
            .thenComparing(r -> Estimator.valueOf(r.getAs(EffectColumns.ESTIMATOR))));
    ReportContext ctx = new ReportContext(lake, runId, truth, disclosure, effects);
    String html = render(ctx);
    Path runFolder = reportsRoot.resolve(runId);
    Path report = runFolder.resolve(REPORT_FILE);
    try {
      Files.createDirectories(runFolder);
      Files.writeString(report, html, StandardCharsets.UTF_8);
      Files.copy(report, reportsRoot.resolve(LATEST_FILE), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw PipelineErrors.badDirectory(reportsRoot, "reports folder", e);
    }
    writePdf(report);
    return report;
  }

  /**
   * Prints the report to {@value #PDF_FILE} beside it and copies it to {@value #LATEST_PDF_FILE};
   * an older PDF is removed first, so that no PDF of an earlier report is left beside this one.
   * Failures are warnings: the HTML is the report, the PDF a copy for circulation.
   */
  private void writePdf(Path report) {
    Path pdf = report.resolveSibling(PDF_FILE);
    Path latest = reportsRoot.resolve(LATEST_PDF_FILE);
    try {
      Files.deleteIfExists(pdf);
      Files.deleteIfExists(latest);
    } catch (IOException e) {
      warnings.println(
          "pioneer-eval: warning: could not remove the previous PDF (" + e.getMessage() + ").");
    }
    String complete = " The HTML report is complete: " + report + ".";
    if (chromium.isEmpty()) {
      warnings.println(
          "pioneer-eval: warning: "
              + PDF_FILE
              + " not written: "
              + HeadlessChromium.notInstalledMessage()
              + complete
              + " Then run `pioneer-eval report` again to get the PDF.");
      return;
    }
    try {
      chromium.get().printToPdf(report, pdf);
      Files.copy(pdf, latest, StandardCopyOption.REPLACE_EXISTING);
    } catch (HeadlessChromium.PrintFailure e) {
      warnings.println(
          "pioneer-eval: warning: "
              + PDF_FILE
              + " not written: "
              + e.getMessage()
              + complete
              + " Check that "
              + chromium.get().executable()
              + " starts (reinstall it with "
              + HeadlessChromium.SETUP_COMMAND
              + "), then run `pioneer-eval report` again.");
    } catch (IOException e) {
      warnings.println(
          "pioneer-eval: warning: could not copy " + pdf + " to " + latest + ": " + e.getMessage());
    }
  }

  /** The whole document. */
  static String render(ReportContext ctx) {
    StringBuilder html = new StringBuilder(131_072);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>pioneer-eval report ")
        .append(Html.esc(ctx.runId()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n<header>")
        .append("<h1>Evaluation of integrated-care pioneers: difference-in-differences</h1>\n")
        .append("<p class=\"meta\">Run <code>")
        .append(Html.esc(ctx.runId()))
        .append("</code>, generated ")
        .append(Html.esc(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()))
        .append(". Counts of 1 to ")
        .append(ctx.disclosure().threshold() - 1)
        .append(" are shown as ")
        .append(DisclosureControl.SUPPRESSED)
        .append(" (see <a href=\"#")
        .append(ReportSection.DISCLOSURE_CONTROL.id())
        .append("\">disclosure control</a>).</p>\n<nav aria-label=\"Contents\"><ol>");
    for (ReportSection s : ReportSection.values()) {
      html.append("<li><a href=\"#")
          .append(s.id())
          .append("\">")
          .append(Html.esc(s.title()))
          .append("</a></li>");
    }
    html.append("</ol></nav></header>\n<main>\n");
    for (ReportSection s : ReportSection.values()) {
      html.append("<section id=\"")
          .append(s.id())
          .append("\"><h2>")
          .append(Html.esc(s.title()))
          .append("</h2>\n");
      switch (s) {
        case SUMMARY -> SummarySection.write(html, ctx);
        case TRENDS -> TrendsSection.write(html, ctx);
        case EVENT_STUDIES -> EventStudySection.write(html, ctx);
        case STAGGERED_ADOPTION -> StaggeredAdoptionSection.write(html, ctx);
        case OUTCOME_MODELS -> OutcomeModelsSection.write(html, ctx);
        case PATIENT_PANEL -> PatientPanelSection.write(html, ctx);
        case MATCHED_COHORT -> CohortSection.write(html, ctx);
        case DATA_QUALITY -> DataQualitySection.write(html, ctx);
        case METHODS -> MethodsSection.write(html, ctx);
        case DISCLOSURE_CONTROL -> disclosure(html, ctx);
        case PROVENANCE -> ProvenanceSection.write(html, ctx);
      }
      html.append("</section>\n");
    }
    html.append("</main></body></html>\n");
    return html.toString();
  }

  private static void disclosure(StringBuilder html, ReportContext ctx) {
    DisclosureControl d = ctx.disclosure();
    html.append("<p id=\"disclosure-rule\">")
        .append(Html.esc(d.ruleInWords()))
        .append("</p>\n<ul><li>Threshold: <strong>")
        .append(d.threshold())
        .append("</strong>.</li><li>Applied to the records behind each effect, the rows of every")
        .append(" data-quality table (each extract's rows with the rows received as their total;")
        .append(" the quarantined rows of its batches and of its rules with its quarantined rows")
        .append(" as their total), the means of the raw trends (sites behind each mean), and every")
        .append(" estimate (pioneer and comparison sites behind it; for one wave or one time since")
        .append(" go-live, that wave's or that time's pioneer sites).</li><li>Counts of sites, of")
        .append(" delivered files and of 2x2 comparisons are counts of organisations, batches and")
        .append(" estimates, not of people, and are shown in full.</li></ul>\n");
  }

  private static final String STYLE =
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:70rem;"
          + "margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}"
          + "h2{border-bottom:2px solid #1f4e79;padding-bottom:.2rem;margin-top:2.5rem}"
          + "h3{margin-top:1.8rem}"
          + "table{border-collapse:collapse;margin:1rem 0;width:100%}"
          + "caption{text-align:left;font-weight:600;margin-bottom:.4rem}"
          + "th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;"
          + "vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums;"
          + "white-space:nowrap}td.suppressed,p.suppressed{color:#666;font-style:italic}"
          + "#effects th[scope=row]{min-width:9em}"
          + ".unit{font-weight:400;font-size:.85em;color:#555}"
          + ".meta,.note{color:#555}code{font-size:.9em;word-break:break-all}"
          + "figure{margin:1rem 0}figcaption{font-size:.9em;color:#444}"
          + "nav ol{columns:2;margin:.5rem 0 0}"
          + "@page{size:A4;margin:14mm 12mm}"
          + "@media print{body{margin:0;max-width:none;font-size:10pt}"
          + "nav{display:none}"
          + "section+section{break-before:page}"
          + "h2,h3,caption{break-after:avoid}"
          + "figure,svg,tr,.pretrend{break-inside:avoid}"
          + "thead{display:table-header-group}"
          + "a{color:inherit;text-decoration:none}"
          + "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";
}
