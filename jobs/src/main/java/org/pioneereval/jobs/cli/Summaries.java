package org.pioneereval.jobs.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.pioneereval.estimators.matching.CovariateBalance;
import org.pioneereval.estimators.matching.SampleSizes;
import org.pioneereval.jobs.cohort.MatchedCohortJob;
import org.pioneereval.jobs.estimate.EstimateJob;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.PatientPanelJob;
import org.pioneereval.jobs.ingest.IngestResult;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.pipeline.EvaluationPipeline;
import org.pioneereval.jobs.pipeline.PipelinePaths;
import org.pioneereval.jobs.report.KnownTruth;

/** The console summaries the commands print. */
final class Summaries {

  private Summaries() {}

  static void printIngest(PrintStream out, IngestResult r) {
    out.printf(
        Locale.ROOT,
        "ingest: %,d drops accepted, %,d refused, %,d skipped (already ingested);"
            + " rows received %,d = accepted %,d + quarantined %,d%n",
        r.dropsAccepted(),
        r.dropsRefused(),
        r.dropsSkipped(),
        r.rowsReceived(),
        r.rowsAccepted(),
        r.rowsQuarantined());
    for (IngestResult.DropOutcome refused : r.refused()) {
      out.println("  REFUSED " + refused.reason() + ": " + refused.message());
    }
  }

  static void printEffects(PrintStream out, List<EstimateJob.Effect> effects, KnownTruth truth) {
    boolean withTruth =
        effects.stream()
            .anyMatch(e -> truth.trueEffect(e.outcome().columnName(), e.estimator()).isPresent());
    out.printf(
        Locale.ROOT,
        "%-27s %-8s %10s %24s %8s%s%n",
        "outcome",
        "method",
        "effect",
        "95% CI",
        "p",
        withTruth ? String.format(Locale.ROOT, " %10s %8s", "true", "covered") : "");
    for (EstimateJob.Effect e : effects) {
      String ci =
          String.format(
              Locale.ROOT, "[%.4f, %.4f]", e.estimate().ciLower(), e.estimate().ciUpper());
      String truthColumns = "";
      if (withTruth) {
        OptionalDouble t = truth.trueEffect(e.outcome().columnName(), e.estimator());
        if (t.isPresent()) {
          double v = t.getAsDouble();
          boolean covered = e.estimate().ciLower() <= v && v <= e.estimate().ciUpper();
          truthColumns = String.format(Locale.ROOT, " %10.4f %8s", v, covered ? "yes" : "NO");
        }
      }
      out.printf(
          Locale.ROOT,
          "%-27s %-8s %10.4f %24s %8.3f%s%n",
          e.outcome().columnName(),
          e.estimator().name(),
          e.estimate().estimate(),
          ci,
          e.estimate().pValue(),
          truthColumns);
    }
  }

  /** The matched cohort's rate ratios and differences, matched and unmatched. */
  static void printCohort(PrintStream out, MatchedCohortJob.CohortResult c, KnownTruth truth) {
    if (c.wasSkipped()) {
      out.println(c.skippedBecause());
      out.println();
      return;
    }
    SampleSizes sizes = c.balance().sampleSizes();
    out.printf(
        Locale.ROOT,
        "matched cohort: %,d enrolled patients, %,d matched to %,d controls (1:%d, caliper %.2g"
            + " SD); largest |SMD| %.3f before, %.3f after matching%n",
        sizes.treatedAll(),
        sizes.treatedMatched(),
        sizes.controlMatched(),
        MatchedCohortJob.Specification.DEFAULT.ratio(),
        MatchedCohortJob.Specification.DEFAULT.caliperStandardDeviations(),
        largestSmd(c.balance().before()),
        largestSmd(c.balance().after()));
    out.printf(
        Locale.ROOT,
        "%-10s %-21s %-10s %10s %24s %8s %8s%s%n",
        "design",
        "outcome",
        "model",
        "effect",
        "95% CI",
        "p",
        "p Holm",
        "   true covered");
    for (MatchedCohortJob.CohortEstimate e : c.estimates()) {
      OptionalDouble t = truth.trueCohortEffect(e.outcome().columnName(), e.model().name());
      String truthColumns = truthColumns(t, e.ciLower(), e.ciUpper());
      out.printf(
          Locale.ROOT,
          "%-10s %-21s %-10s %10.4f %24s %8.3f %8.3f%s%n",
          e.design().name().toLowerCase(Locale.ROOT),
          e.outcome().columnName(),
          e.model() == MatchedCohortJob.Model.RATE_RATIO ? "ratio" : "difference",
          e.estimate(),
          String.format(Locale.ROOT, "[%.4f, %.4f]", e.ciLower(), e.ciUpper()),
          e.pValue(),
          e.pHolm(),
          truthColumns);
    }
    out.println();
  }

  static void printPatientPanel(
      PrintStream out, List<PatientPanelJob.PatientEffect> effects, KnownTruth truth) {
    if (effects.isEmpty()) {
      return;
    }
    PatientPanelJob.PatientEffect first = effects.get(0);
    out.printf(
        Locale.ROOT,
        "patient x month panel: %,d residents x months = %,d rows, %,d at pioneer sites after"
            + " go-live, %d sites; TWFE (patient + month effects, CR1 by site), reduced in"
            + " Spark%n",
        first.patients(),
        first.patientMonths(),
        first.treatedPatients(),
        first.clusters());
    out.printf(
        Locale.ROOT,
        "%-21s %-45s %10s %24s %8s%s%n",
        "outcome",
        "unit",
        "effect",
        "95% CI",
        "p",
        "   true covered");
    for (PatientPanelJob.PatientEffect e : effects) {
      OptionalDouble t =
          e.siteOutcome()
              .map(o -> truth.trueEffect(o.columnName(), Estimator.TWFE))
              .orElse(OptionalDouble.empty());
      String truthColumns = truthColumns(t, e.ciLower(), e.ciUpper());
      out.printf(
          Locale.ROOT,
          "%-21s %-45s %10.4f %24s %8.3f%s%n",
          e.outcome().columnName(),
          PatientPanelJob.unit(e.outcome()),
          e.estimate(),
          String.format(Locale.ROOT, "[%.4f, %.4f]", e.ciLower(), e.ciUpper()),
          e.pValue(),
          truthColumns);
    }
    out.println();
  }

  /** " true covered" columns, or nothing when the truth is unknown. */
  private static String truthColumns(OptionalDouble truth, double lower, double upper) {
    if (truth.isEmpty()) {
      return "";
    }
    double t = truth.getAsDouble();
    return String.format(Locale.ROOT, " %10.4f %7s", t, lower <= t && t <= upper ? "yes" : "NO");
  }

  private static double largestSmd(List<CovariateBalance> rows) {
    double max = 0;
    for (CovariateBalance b : rows) {
      if (Double.isFinite(b.standardizedMeanDifference())) {
        max = Math.max(max, Math.abs(b.standardizedMeanDifference()));
      }
    }
    return max;
  }

  static void printRun(
      PrintStream out, EvaluationPipeline.Result r, KnownTruth truth, PipelinePaths paths) {
    out.println("run " + r.runId());
    printIngest(out, r.ingest());
    out.printf(
        Locale.ROOT,
        "panel: %,d site-month rows, %,d site-wave rows%n",
        r.panels().siteMonthRows(),
        r.panels().siteWaveRows());
    out.println();
    printEffects(out, r.effects(), truth);
    out.println();
    r.cohort().ifPresent(c -> printCohort(out, c, truth));
    printPatientPanel(out, r.patientPanel(), truth);
    StringBuilder times = new StringBuilder("stage times:");
    for (Map.Entry<EvaluationPipeline.Stage, Duration> t : r.stageTimes().entrySet()) {
      times.append(
          String.format(
              Locale.ROOT,
              " %s %.1fs",
              t.getKey().name().toLowerCase(Locale.ROOT),
              t.getValue().toMillis() / 1000.0));
    }
    out.println(times);
    out.println("Delta tables: " + paths.lake() + "/{bronze,silver,quality,panel,results}/...");
    out.println(
        "  effects: "
            + paths.lake().resolve(LakeTable.DID_EFFECTS.relativePath())
            + "  panels: "
            + paths.lake().resolve(LakeTable.SITE_MONTH_PANEL.layer()));
    out.println("Report: " + r.report());
    java.nio.file.Path pdf = r.report().resolveSibling("report.pdf");
    if (java.nio.file.Files.isRegularFile(pdf)) {
      out.println("PDF:    " + pdf);
    }
  }

  /** The closing line of a full run: where the executed result notebooks are. */
  static void printNotebooks(PrintStream out, EvaluationPipeline.Result r) {
    r.notebooks()
        .ifPresentOrElse(
            n ->
                out.println(
                    "Result notebooks (executed, .ipynb and .html): "
                        + n.folder()
                        + "  (open them live: notebooks/start-jupyter.sh)"),
            () ->
                out.println(
                    "Result notebooks: not executed (no notebooks folder; --notebooks <folder>)"));
  }
}
