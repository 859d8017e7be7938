package org.pioneereval.jobs.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.estimators.ComparisonGroup;
import org.pioneereval.generator.ExtractGenerator;
import org.pioneereval.generator.GeneratorConfig;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.EstimateSelection;
import org.pioneereval.jobs.estimate.EstimateSelection.Method;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.lake.StageLock;
import org.pioneereval.jobs.notebook.ResultNotebooksJob;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.pipeline.EvaluationPipeline.Stage;
import org.pioneereval.jobs.pipeline.RunLedger.Status;
import org.pioneereval.jobs.runtime.ExitCode;
import org.pioneereval.jobs.runtime.PioneerEvalException;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * GitHub issue 7: nightly runs on one lake as months of drops arrive. A small generated evaluation
 * (6 comparison sites, 3 + 3 pioneers, April 2012 to March 2014) is delivered without its last two
 * months of admissions and costs, then:
 *
 * <ol>
 *   <li>{@code night-1}: everything delivered so far;
 *   <li>{@code night-2}: nothing new, a no-op;
 *   <li>{@code night-3}: February 2014 arrives; the run is killed after it wrote its estimates,
 *       before the report;
 *   <li>{@code night-3-rerun}: cleans up after it and finishes;
 *   <li>{@code night-4}: March 2014 arrives;
 *   <li>{@code as-of-1}: {@code --as-of night-1}, after all that newer data.
 * </ol>
 *
 * <p>Every run estimates the two DiDs (TWFE and 2x2) of every outcome: the effects each assertion
 * here reads. The other estimators add minutes over six runs and nothing to what is checked;
 * choosing them is {@link NightlySelectionTest}'s, and the whole estimate stage on generated data
 * {@link EvaluationPipelineRecoveryTest}'s.
 */
class NightlyRunTest {

  static final GeneratorConfig DESIGN =
      GeneratorConfig.defaults()
          .withSeed(7L)
          .withPatientsPerSite(150)
          .withComparisonSites(6)
          .withPioneerSites(3, 3)
          .withStartMonth(YearMonth.of(2012, 4))
          .withEndMonth(YearMonth.of(2014, 3))
          .withGoLiveMonths(YearMonth.of(2013, 6), YearMonth.of(2013, 12));

  static final List<String> MONTHLY_EXTRACTS = List.of("admissions", "costs");

  /** Both DiDs of every outcome. */
  static final EstimateSelection DIDS =
      new EstimateSelection(
          EnumSet.allOf(PanelOutcome.class),
          EnumSet.of(Method.TWFE, Method.DID_2X2),
          ComparisonGroup.NEVER_TREATED);

  @TempDir static Path work;

  static NightlyConfig config;
  static Lakehouse lake;
  static NightlyRun.Outcome night1;
  static NightlyRun.Outcome night2;
  static Map<LakeTable, Long> versionsBeforeNight2;
  static Map<LakeTable, Long> versionsAfterNight2;
  static RuntimeException killed;
  static List<Row> effectsWrittenByKilledRun;
  static NightlyRun.Outcome night3Rerun;
  static NightlyRun.Outcome night4;
  static NightlyRun.Outcome asOf1;
  static int februaryDrops;
  static int marchDrops;

  @BeforeAll
  static void runNightAfterNight() throws IOException {
    Path data = work.resolve("data");
    Path held = work.resolve("held");
    new ExtractGenerator(DESIGN).writeTo(data);
    februaryDrops = holdBack(data, held, "2014-02");
    marchDrops = holdBack(data, held, "2014-03");
    config =
        new NightlyConfig(
            data.toString(),
            work.resolve("lake").toString(),
            work.resolve("reports").toString(),
            1.0,
            ResultNotebooksJob.NONE,
            DIDS);
    lake = Lakehouse.at(SparkTestSession.get(), work.resolve("lake"));

    night1 = nightly("night-1").execute();
    versionsBeforeNight2 = lake.versions();
    night2 = nightly("night-2").execute();
    versionsAfterNight2 = lake.versions();

    deliver(held, data, "2014-02");
    try {
      nightly("night-3")
          .withAfterStage(
              stage -> {
                if (stage == Stage.ESTIMATE) {
                  throw new IllegalStateException("killed after the estimate stage");
                }
              })
          .execute();
    } catch (IllegalStateException e) {
      killed = e;
    }
    effectsWrittenByKilledRun = effects("night-3");
    night3Rerun = nightly("night-3-rerun").execute();

    deliver(held, data, "2014-03");
    night4 = nightly("night-4").execute();
    asOf1 = nightly("as-of-1").reproduce("night-1");
  }

  @Test
  void firstNightIngestsEverythingAndEstimates() {
    assertThat(night1.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(night1.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(night1.effects()).hasSize(14);
    assertThat(night1.report()).isPresent();
    assertThat(effects("night-1")).hasSize(14);
  }

  @Test
  void secondNightWithNothingNewChangesNoTableButTheLedger() {
    assertThat(night2.status()).isEqualTo(Status.NOTHING_NEW);
    assertThat(night2.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(night2.ingest().orElseThrow().outcomes()).isEmpty();
    Map<LakeTable, Long> before = new java.util.EnumMap<>(versionsBeforeNight2);
    Map<LakeTable, Long> after = new java.util.EnumMap<>(versionsAfterNight2);
    assertThat(after.remove(LakeTable.RUN_LEDGER))
        .isEqualTo(before.remove(LakeTable.RUN_LEDGER) + 1);
    assertThat(after).isEqualTo(before);
    assertThat(effects("night-2")).isEmpty();
  }

  @Test
  void runKilledMidwayIsCleanedUpAndTheRerunGivesTheSameEstimates() {
    assertThat(killed).hasMessageContaining("killed after the estimate stage");
    assertThat(effectsWrittenByKilledRun).hasSize(14);
    assertThat(effects("night-3")).as("partial results of the killed run are removed").isEmpty();
    assertThat(night3Rerun.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(night3Rerun.ingest().orElseThrow().outcomes())
        .as("the killed run had ingested February already")
        .isEmpty();
    assertThat(numbers(effects("night-3-rerun"))).isEqualTo(numbers(effectsWrittenByKilledRun));
    RunLedger.Entry failed = new RunLedger(lake).find("night-3").orElseThrow();
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.stageStatus()).containsEntry("ESTIMATE", "SUCCEEDED");
  }

  @Test
  void newMonthIsIngestedAloneAndChangesTheEstimates() {
    assertThat(night4.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(night4.ingest().orElseThrow().outcomes()).hasSize(marchDrops);
    assertThat(night4.ingest().orElseThrow().outcomes())
        .allSatisfy(o -> assertThat(o.dropId()).endsWith("/2014-03"));
    assertThat(numbers(effects("night-4"))).isNotEqualTo(numbers(effects("night-1")));
  }

  @Test
  void asOfReproducesTheFirstNightExactlyAfterNewerDataArrived() {
    assertThat(asOf1.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(numbers(effects("as-of-1"))).isEqualTo(numbers(effects("night-1")));
    RunLedger.Entry entry = new RunLedger(lake).find("as-of-1").orElseThrow();
    assertThat(entry.asOfRunId()).isEqualTo("night-1");
  }

  @Test
  void ledgerRecordsEveryRunWithVersionsCountsAndHashes() {
    List<RunLedger.Entry> entries = new RunLedger(lake).entries();
    assertThat(entries)
        .extracting(RunLedger.Entry::runId)
        .containsSubsequence(
            "night-1", "night-2", "night-3", "night-3-rerun", "night-4", "as-of-1");
    RunLedger.Entry first = entries.get(0);
    assertThat(first.tableVersions())
        .containsKeys("silver/admissions", "panel/site_month_panel", "results/did_effects");
    assertThat(first.counts()).containsEntry("drops_refused", 0L).containsKey("rows_received");
    assertThat(first.counts().get("drops_new")).isPositive();
    assertThat(first.configHash()).isEqualTo(config.hash()).hasSize(64);
    assertThat(first.codeVersion()).isNotBlank();
    assertThat(first.stageSeconds()).containsKeys("INGEST", "PANEL", "ESTIMATE", "REPORT");
    RunLedger.Entry night4Entry = new RunLedger(lake).find("night-4").orElseThrow();
    assertThat(night4Entry.counts()).containsEntry("drops_new", (long) marchDrops);
    assertThat(februaryDrops).isEqualTo(marchDrops).isEqualTo(2 * 12);
  }

  @Test
  void secondRunWhileOneIsGoingIsRefusedAndRecorded() {
    StageLock running = StageLock.acquire(lake, NightlyRun.COMMAND, "long-night");
    try {
      assertThatThrownBy(() -> nightly("overlapping").execute())
          .isInstanceOf(PioneerEvalException.class)
          .hasMessageContaining("Another pioneer-eval run (long-night");
    } finally {
      running.release();
    }
    RunLedger.Entry refused = new RunLedger(lake).find("overlapping").orElseThrow();
    assertThat(refused.status()).isEqualTo(Status.FAILED);
    assertThat(refused.exitCode()).isEqualTo(ExitCode.INPUT_ERROR.code());
  }

  private static NightlyRun nightly(String runId) {
    return NightlyRun.create(SparkTestSession.get(), config, runId)
        .withProgress(new PrintStream(OutputStream.nullOutputStream()))
        // HTML reports only: the PDF is ReportInBrowserTest's (each print starts Chromium, ~3 s)
        .withReportPdf(false);
  }

  private static List<Row> effects(String runId) {
    if (!lake.exists(LakeTable.DID_EFFECTS)) {
      return List.of();
    }
    return lake.read(LakeTable.DID_EFFECTS, "estimate")
        .filter(col(EffectColumns.RUN_ID).equalTo(runId))
        .collectAsList();
  }

  /** Outcome, estimator, estimate, SE, CI and p of each effect, in a stable order. */
  private static List<String> numbers(List<Row> effects) {
    List<String> out = new ArrayList<>();
    for (Row r : effects) {
      out.add(
          r.getAs(EffectColumns.OUTCOME)
              + " "
              + r.getAs(EffectColumns.ESTIMATOR)
              + " "
              + r.getAs(EffectColumns.ESTIMATE)
              + " "
              + r.getAs(EffectColumns.STD_ERROR)
              + " "
              + r.getAs(EffectColumns.CI_LOWER)
              + " "
              + r.getAs(EffectColumns.CI_UPPER)
              + " "
              + r.getAs(EffectColumns.P_VALUE)
              + " "
              + r.getAs(EffectColumns.WILD_BOOTSTRAP_P_VALUE));
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** Moves the batch folders of one month of the monthly extracts out of the delivery. */
  private static int holdBack(Path data, Path held, String month) throws IOException {
    int moved = 0;
    for (String extract : MONTHLY_EXTRACTS) {
      Path root = data.resolve("drops").resolve(extract);
      try (Stream<Path> sites = Files.list(root)) {
        for (Path site : sites.toList()) {
          Path batch = site.resolve(month);
          if (Files.isDirectory(batch)) {
            Path target = held.resolve(month).resolve(extract).resolve(site.getFileName());
            Files.createDirectories(target.getParent());
            Files.move(batch, target);
            moved++;
          }
        }
      }
    }
    return moved;
  }

  private static void deliver(Path held, Path data, String month) throws IOException {
    for (String extract : MONTHLY_EXTRACTS) {
      Path from = held.resolve(month).resolve(extract);
      try (Stream<Path> sites = Files.list(from)) {
        for (Path site : sites.toList()) {
          Files.move(
              site,
              data.resolve("drops").resolve(extract).resolve(site.getFileName()).resolve(month));
        }
      }
    }
  }
}
