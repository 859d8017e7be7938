package org.pioneereval.jobs.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.estimators.ComparisonGroup;
import org.pioneereval.generator.ExtractGenerator;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.EstimateJob;
import org.pioneereval.jobs.estimate.EstimateSelection;
import org.pioneereval.jobs.estimate.EstimateSelection.Method;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.notebook.ResultNotebooksJob;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.pipeline.RunLedger.Status;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * GitHub issue 7: the nightly configuration chooses outcomes, estimators and the comparison group,
 * and a run estimates and writes only those. On the evaluation of {@link NightlyRunTest}:
 *
 * <ol>
 *   <li>{@code subset}: three outcomes (two site-month, one site-wave), 2x2 DiD and the staggered
 *       estimators with not-yet-treated comparisons;
 *   <li>whose structured log ({@link RunLog}) is checked too;
 *   <li>{@code changed-config}: no new drop, but the configuration now asks for TWFE of one
 *       outcome: not "nothing new", it re-estimates.
 * </ol>
 */
class NightlySelectionTest {

  static final EstimateSelection SUBSET =
      new EstimateSelection(
          EnumSet.of(
              PanelOutcome.EMERGENCY_ADMISSIONS_RATE,
              PanelOutcome.COST_PER_CAPITA,
              PanelOutcome.OVERALL_SATISFACTION),
          EnumSet.of(Method.DID_2X2, Method.STAGGERED),
          ComparisonGroup.NOT_YET_TREATED);

  static final EstimateSelection TWFE_OF_EMERGENCY_ADMISSIONS =
      new EstimateSelection(
          EnumSet.of(PanelOutcome.EMERGENCY_ADMISSIONS_RATE),
          EnumSet.of(Method.TWFE),
          ComparisonGroup.NEVER_TREATED);

  @TempDir static Path work;

  static Lakehouse lake;
  static NightlyRun.Outcome subset;
  static NightlyRun.Outcome changedConfig;

  @BeforeAll
  static void runWithChosenEstimates() throws IOException {
    Path data = work.resolve("data");
    new ExtractGenerator(NightlyRunTest.DESIGN).writeTo(data);
    lake = Lakehouse.at(SparkTestSession.get(), work.resolve("lake"));
    subset = nightly("subset", SUBSET).execute();
    changedConfig = nightly("changed-config", TWFE_OF_EMERGENCY_ADMISSIONS).execute();
  }

  @Test
  void onlyTheChosenOutcomesAndEstimatorsAreEstimatedAndWritten() {
    assertThat(subset.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(subset.effects())
        .extracting(EstimateJob.Effect::outcome, EstimateJob.Effect::estimator)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                PanelOutcome.EMERGENCY_ADMISSIONS_RATE, Estimator.DID_2X2),
            org.assertj.core.groups.Tuple.tuple(PanelOutcome.COST_PER_CAPITA, Estimator.DID_2X2),
            org.assertj.core.groups.Tuple.tuple(
                PanelOutcome.OVERALL_SATISFACTION, Estimator.DID_2X2));
    assertThat(runRows(LakeTable.DID_EFFECTS, "subset"))
        .extracting(r -> r.<String>getAs(EffectColumns.ESTIMATOR))
        .containsExactly("DID_2X2", "DID_2X2", "DID_2X2");
    // no TWFE: no event study; no outcome models, no matched cohort
    assertThat(runRows(LakeTable.EVENT_STUDY, "subset")).isEmpty();
    assertThat(runRows(LakeTable.OUTCOME_MODELS, "subset")).isEmpty();
    assertThat(runRows(LakeTable.COHORT_EFFECTS, "subset")).isEmpty();
  }

  @Test
  void theStaggeredEstimatorsUseTheChosenOutcomesAndComparisonGroup() {
    List<Row> aggregations = runRows(LakeTable.STAGGERED_AGGREGATIONS, "subset");
    assertThat(aggregations)
        .extracting(r -> r.<String>getAs("outcome"))
        .isNotEmpty()
        .containsOnly("emergency_admissions_rate", "cost_per_capita", "overall_satisfaction")
        .contains("emergency_admissions_rate", "cost_per_capita");
    assertThat(aggregations)
        .extracting(r -> r.<String>getAs("specification"))
        .allSatisfy(
            spec -> assertThat(spec).contains("\"cs\":{\"comparison\":\"NOT_YET_TREATED\""));
  }

  @Test
  void theReportSaysWhatRan() throws IOException {
    String html = Files.readString(subset.report().orElseThrow());
    assertThat(html)
        .contains(
            "<td id=\"estimated\">outcomes: emergency_admissions_rate, cost_per_capita,"
                + " overall_satisfaction; estimators: DID_2X2, staggered adoption (not_yet_treated"
                + " comparisons)</td>");
  }

  @Test
  void aChangedChoiceIsNotNothingNewAndReEstimatesOnlyWhatIsNowChosen() {
    assertThat(changedConfig.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(changedConfig.ingest().orElseThrow().outcomes()).isEmpty();
    assertThat(runRows(LakeTable.DID_EFFECTS, "changed-config"))
        .extracting(
            r -> r.<String>getAs(EffectColumns.OUTCOME) + " " + r.getAs(EffectColumns.ESTIMATOR))
        .containsExactly("emergency_admissions_rate TWFE");
    assertThat(runRows(LakeTable.EVENT_STUDY, "changed-config"))
        .extracting(r -> r.<String>getAs(EffectColumns.OUTCOME))
        .isNotEmpty()
        .containsOnly("emergency_admissions_rate");
    assertThat(runRows(LakeTable.STAGGERED_AGGREGATIONS, "changed-config")).isEmpty();
    RunLedger ledger = new RunLedger(lake);
    assertThat(ledger.find("changed-config").orElseThrow().configHash())
        .isNotEqualTo(ledger.find("subset").orElseThrow().configHash());
  }

  @Test
  void theRunLogHoldsEveryStagesStartAndEndWithItsCounts() throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(work.resolve("reports/subset/" + RunLog.FILE))) {
      events.add(new ObjectMapper().readTree(line));
    }
    long drops;
    try (Stream<Path> files = Files.walk(work.resolve("data/drops"))) {
      drops = files.filter(f -> f.getFileName().toString().equals("manifest.json")).count();
    }

    assertThat(events).allSatisfy(e -> assertThat(e.path("run_id").asText()).isEqualTo("subset"));
    assertThat(events)
        .filteredOn(e -> !e.path("event").asText().equals("progress"))
        .extracting(e -> e.path("stage").asText() + " " + e.path("event").asText())
        .containsExactly(
            "null run_start",
            "ingest stage_start",
            "ingest stage_end",
            "panel stage_start",
            "panel stage_end",
            "estimate stage_start",
            "estimate stage_end",
            "report stage_start",
            "report stage_end",
            "notebooks stage_skipped",
            "null run_end");
    JsonNode ingestEnd = stageEnd(events, "ingest");
    assertThat(ingestEnd.path("counts").path("drops_new").asLong()).isEqualTo(drops);
    assertThat(ingestEnd.path("counts").path("rows_received").asLong())
        .isEqualTo(subset.ingest().orElseThrow().rowsReceived());
    assertThat(ingestEnd.path("seconds").asDouble()).isPositive();
    assertThat(stageEnd(events, "panel").path("counts").path("site_month_rows").asLong())
        .isEqualTo(lake.read(LakeTable.SITE_MONTH_PANEL, "panel").count());
    assertThat(stageEnd(events, "estimate").path("counts").path("effects").asLong()).isEqualTo(3);
    // progress: ingest over the new drops, estimate over 3 DiD + 3 staggered outcome estimations
    JsonNode lastIngest = lastProgress(events, "ingest");
    assertThat(lastIngest.path("done").asLong()).isEqualTo(drops);
    assertThat(lastIngest.path("total").asLong()).isEqualTo(drops);
    assertThat(lastIngest.path("unit").asText()).isEqualTo("drops");
    JsonNode lastEstimate = lastProgress(events, "estimate");
    assertThat(lastEstimate.path("done").asLong()).isEqualTo(6);
    assertThat(lastEstimate.path("total").asLong()).isEqualTo(6);
    assertThat(lastEstimate.path("seconds_left").asDouble()).isZero();
    JsonNode end = events.get(events.size() - 1);
    assertThat(end.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(end.path("exit_code").asInt()).isZero();
    assertThat(events.get(0).path("estimates").asText())
        .isEqualTo(
            "outcomes=emergency_admissions_rate,cost_per_capita,overall_satisfaction"
                + " estimators=did_2x2,staggered comparison_group=not_yet_treated");
  }

  private static JsonNode stageEnd(List<JsonNode> events, String stage) {
    return events.stream()
        .filter(e -> e.path("stage").asText().equals(stage))
        .filter(e -> e.path("event").asText().equals("stage_end"))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode lastProgress(List<JsonNode> events, String stage) {
    return events.stream()
        .filter(e -> e.path("stage").asText().equals(stage))
        .filter(e -> e.path("event").asText().equals("progress"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static NightlyRun nightly(String runId, EstimateSelection selection) {
    NightlyConfig config =
        new NightlyConfig(
            work.resolve("data").toString(),
            work.resolve("lake").toString(),
            work.resolve("reports").toString(),
            1.0,
            ResultNotebooksJob.NONE,
            selection);
    return NightlyRun.create(SparkTestSession.get(), config, runId)
        .withProgress(new PrintStream(OutputStream.nullOutputStream()))
        // HTML reports only: the PDF is ReportInBrowserTest's (each print starts Chromium, ~3 s)
        .withReportPdf(false);
  }

  private static List<Row> runRows(LakeTable table, String runId) {
    if (!lake.exists(table)) {
      return List.of();
    }
    return lake.read(table, "estimate")
        .filter(col(EffectColumns.RUN_ID).equalTo(runId))
        .orderBy(col(EffectColumns.OUTCOME))
        .collectAsList();
  }
}
