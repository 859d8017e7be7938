package org.pioneereval.jobs.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pioneereval.generator.ExtractGenerator;
import org.pioneereval.generator.GenerationSummary;
import org.pioneereval.generator.GeneratorConfig;
import org.pioneereval.generator.Outcome;
import org.pioneereval.generator.OutcomeTruth;
import org.pioneereval.generator.Truth;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.report.KnownTruth;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * GitHub issue 2: the whole pipeline recovers the effects injected into a small generated data set.
 * Generator, ingest, panels, estimates and report run end to end, and for every outcome the two-way
 * fixed-effects 95% confidence interval covers the generator's true average effect on the treated
 * ({@link OutcomeTruth#trueAtt()}).
 *
 * <p>Coverage is a 95% property: over many seeds about one interval in twenty misses its truth, so
 * with seven outcomes a random seed fails now and then. The assertion is therefore for one fixed
 * seed, {@link #SEED}, checked to cover all seven; if the generator or an estimator changes, pick
 * the seed afresh (and look hard at any outcome that misses for most seeds: that is a bias, not bad
 * luck).
 *
 * <p>The design is small, because the run time of the pipeline on two cores grows with the number
 * of extracts and drops far more than with rows: 19 sites (10 comparison, 5 + 4 pioneers going live
 * in June and December 2013), 400 residents per site, April 2012 to March 2014. That is two whole
 * financial years (a population drop holds the 12 months of one, so the window starts in April) and
 * two annual survey waves, 2013 before any go-live and 2014 after both. About 2,000 files; the
 * pipeline takes 1.5 to 2 minutes on the two-core build machine when other builds share it, most of
 * it the ingest's fixed cost per extract.
 *
 * <p>A drop folder whose name is HTML ({@code <img src=x onerror=alert(1)>}) is delivered too: it
 * is refused, so its name reaches the report's table of refused drops, where it must appear
 * escaped.
 */
class EvaluationPipelineRecoveryTest {

  /** A seed for which every TWFE interval covers its truth (see the class comment). */
  static final long SEED = 20131101L;

  static final GeneratorConfig DESIGN =
      GeneratorConfig.defaults()
          .withSeed(SEED)
          .withPatientsPerSite(400)
          .withComparisonSites(10)
          .withPioneerSites(5, 4)
          .withStartMonth(YearMonth.of(2012, 4))
          .withEndMonth(YearMonth.of(2014, 3))
          .withGoLiveMonths(YearMonth.of(2013, 6), YearMonth.of(2013, 12));

  static final String RUN_ID = "run-recovery";

  /** A site folder name that is an HTML element with a script handler. */
  static final String HOSTILE_FOLDER = "<img src=x onerror=alert(1)>";

  @TempDir static Path work;

  static Truth truth;
  static EvaluationPipeline.Result result;
  static Duration elapsed;
  static List<Row> effects;
  static String report;

  @BeforeAll
  static void generateAndEvaluate() throws IOException {
    PipelinePaths paths = PipelinePaths.under(work);
    long start = System.nanoTime();
    GenerationSummary generated = new ExtractGenerator(DESIGN).writeTo(paths.data());
    truth = Truth.read(generated.truthFile());
    Path hostile =
        paths
            .data()
            .resolve("drops")
            .resolve("admissions")
            .resolve(HOSTILE_FOLDER)
            .resolve("2013-11");
    Files.createDirectories(hostile);
    Files.writeString(hostile.resolve("admissions.csv"), "spell_key\n", StandardCharsets.UTF_8);

    result =
        EvaluationPipeline.create(SparkTestSession.get(), paths)
            .withRunId(RUN_ID)
            // HTML report only: the PDF is ReportInBrowserTest's (a Chromium start, ~3 s)
            .withReportPdf(false)
            .withTruth(knownTruth(truth))
            .withNotebooks(Optional.of(standInNotebooks(work.resolve("notebooks"))))
            .execute();
    elapsed = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf(
        Locale.ROOT,
        "pipeline recovery: %d files generated, pipeline and generation %.1f s, stages %s%n",
        generated.filesWritten(),
        elapsed.toMillis() / 1000.0,
        result.stageTimes());
    effects =
        Lakehouse.at(SparkTestSession.get(), paths.lake())
            .read(LakeTable.DID_EFFECTS, "estimate")
            .filter(col(EffectColumns.RUN_ID).equalTo(RUN_ID))
            .collectAsList();
    report = Files.readString(result.report(), StandardCharsets.UTF_8);
  }

  static Stream<PanelOutcome> outcomes() {
    return Arrays.stream(PanelOutcome.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void twfeConfidenceIntervalCoversTheTrueEffect(PanelOutcome outcome) {
    double trueAtt = truth.outcome(Outcome.fromColumnName(outcome.columnName())).trueAtt();
    Row twfe = effect(outcome, Estimator.TWFE);
    double lower = twfe.getAs(EffectColumns.CI_LOWER);
    double upper = twfe.getAs(EffectColumns.CI_UPPER);
    double estimate = twfe.getAs(EffectColumns.ESTIMATE);

    assertThat(trueAtt).as("true ATT of %s", outcome.columnName()).isFinite();
    assertThat(lower)
        .as(
            "%s: estimate %.4f, 95%% CI [%.4f, %.4f], truth %.4f",
            outcome.columnName(), estimate, lower, upper, trueAtt)
        .isLessThanOrEqualTo(trueAtt);
    assertThat(upper)
        .as("%s: upper bound vs truth %.4f", outcome.columnName(), trueAtt)
        .isGreaterThanOrEqualTo(trueAtt);
  }

  /**
   * Not vacuous: each interval is narrower than the pioneers' own baseline level, so covering the
   * truth says something (an interval as wide as the outcome's scale would cover anything).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void twfeConfidenceIntervalIsInformative(PanelOutcome outcome) {
    Row twfe = effect(outcome, Estimator.TWFE);
    double width =
        (double) twfe.getAs(EffectColumns.CI_UPPER) - (double) twfe.getAs(EffectColumns.CI_LOWER);
    double baseline = twfe.getAs(EffectColumns.BASELINE_MEAN);
    assertThat(width).isPositive().isLessThan(Math.abs(baseline));
  }

  @Test
  void didEffectsHoldTwoRowsPerOutcomeForTheRun() {
    assertThat(effects).hasSize(2 * PanelOutcome.values().length);
    for (PanelOutcome outcome : PanelOutcome.values()) {
      assertThat(effects)
          .filteredOn(r -> r.getAs(EffectColumns.OUTCOME).equals(outcome.columnName()))
          .extracting(r -> r.<String>getAs(EffectColumns.ESTIMATOR))
          .containsExactlyInAnyOrder(Estimator.TWFE.name(), Estimator.DID_2X2.name());
    }
    assertThat(result.effects()).hasSize(effects.size());
  }

  @Test
  void everyGeneratedDropIsAcceptedAndOnlyTheHostileFolderIsRefused() {
    assertThat(result.ingest().refused())
        .extracting(o -> o.dropId())
        .containsExactly("admissions/" + HOSTILE_FOLDER + "/2013-11");
    assertThat(result.ingest().rowsQuarantined()).isZero();
  }

  @Test
  void reportExistsAndNamesEveryOutcome() {
    assertThat(result.report()).exists().hasFileName("report.html");
    assertThat(result.report().getParent().getParent().resolve("latest-report.html")).exists();
    assertThat(report).contains(RUN_ID);
    for (PanelOutcome outcome : PanelOutcome.values()) {
      assertThat(report).as(outcome.label()).contains(html(outcome.label()));
    }
  }

  /** Self-contained (no scripts, no requests) and every outside string escaped. */
  @Test
  void reportRunsNoScriptAndEscapesOutsideText() {
    // The hostile folder name appears as escaped text in the provenance table; markup checks run
    // on the report without that text.
    String lower = report.replace(html(HOSTILE_FOLDER), "").toLowerCase(Locale.ROOT);
    assertThat(lower)
        .doesNotContain("<script")
        .doesNotContain("javascript:")
        .doesNotContain("<iframe")
        .doesNotContain("<img")
        .doesNotContain("src=\"http")
        .doesNotContain("href=\"http")
        .doesNotContain("@import");
    assertThat(report)
        .as("an event-handler attribute inside a tag")
        .doesNotContainPattern("(?i)<[a-z][^>]*\\son[a-z]+\\s*=");
    assertThat(report).contains(html(HOSTILE_FOLDER));
  }

  /**
   * The notebooks stage starts once the estimates are in the lake and runs beside the report stage;
   * the pipeline waits for it and times it.
   */
  @Test
  void notebooksStartBeforeTheReportIsWrittenAndThePipelineWaitsForThem() throws IOException {
    Path executed = result.report().getParent().resolve("notebooks");
    assertThat(Files.readString(executed.resolve("at-start.txt")).strip())
        .isEqualTo("effects in the lake: yes; report written: no");
    assertThat(result.notebooks()).isPresent();
    assertThat(result.notebooks().get().html())
        .containsExactly(executed.resolve("01-results-overview.html"));
    assertThat(result.stageTimes().keySet())
        .containsExactly(
            EvaluationPipeline.Stage.INGEST,
            EvaluationPipeline.Stage.PANEL,
            EvaluationPipeline.Stage.ESTIMATE,
            EvaluationPipeline.Stage.REPORT,
            EvaluationPipeline.Stage.NOTEBOOKS);
  }

  /**
   * A stand-in for {@code notebooks/execute.sh} (Jupyter is the kernel module's ResultNotebooksIT's
   * business): notes what the lake and the report folder hold when it starts, then waits for the
   * report (at most two minutes) before writing its one notebook.
   */
  private static Path standInNotebooks(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path script = folder.resolve("execute.sh");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "effects=no; [ -d \"$1/results/did_effects/_delta_log\" ] && effects=yes",
            "report=no; [ -f \"$3/../report.html\" ] && report=yes",
            "echo \"effects in the lake: $effects; report written: $report\" > \"$3/at-start.txt\"",
            "i=0",
            "while [ ! -f \"$3/../report.html\" ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i+1)); done",
            "touch \"$3/01-results-overview.html\"",
            "echo 'execute: 01-results-overview executed in 1 s'",
            ""),
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return folder;
  }

  private static Row effect(PanelOutcome outcome, Estimator estimator) {
    return effects.stream()
        .filter(r -> r.getAs(EffectColumns.OUTCOME).equals(outcome.columnName()))
        .filter(r -> r.getAs(EffectColumns.ESTIMATOR).equals(estimator.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + estimator + " row for " + outcome));
  }

  private static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** The generator's truth as the report's known truth: trueAtt for TWFE, trueAtt2x2 for 2x2. */
  private static KnownTruth knownTruth(Truth truth) {
    return (column, estimator) -> {
      OutcomeTruth t = truth.outcome(Outcome.fromColumnName(column));
      return OptionalDouble.of(estimator == Estimator.DID_2X2 ? t.trueAtt2x2() : t.trueAtt());
    };
  }
}
