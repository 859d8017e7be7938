package org.pioneereval.jobs.notebook;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.jobs.estimate.EstimateJob;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.EventStudyColumns;
import org.pioneereval.jobs.estimate.StaggeredAdoptionJob;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.report.DisclosureControl;
import org.pioneereval.jobs.runtime.PioneerEvalException;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * The notebooks' view of a lake with two runs: run A estimated on panels with an effect of -2.0,
 * then run B on rebuilt panels with an effect of -1.0 (the panel tables overwritten, as every run
 * does). Re-estimating a run must give that run's numbers, which needs the panels as they were.
 */
class EvaluationRunTest {

  private static final String RUN_A = "run-20140101T000000Z-aaaa";
  private static final String RUN_B = "run-20150101T000000Z-bbbb";

  @TempDir static Path lakeDir;

  private static Lakehouse lake;

  @BeforeAll
  static void twoRuns() {
    lake = Lakehouse.at(SparkTestSession.get(), lakeDir);
    NotebookPanels.writeTo(lake, RUN_A, -2.0, 11L);
    EstimateJob.create(lake, RUN_A).execute();
    NotebookPanels.writeTo(lake, RUN_B, -1.0, 12L);
    EstimateJob.create(lake, RUN_B).execute();
    StaggeredAdoptionJob.create(lake, RUN_B).execute();
  }

  @Test
  void runsAreListedOldestFirstAndTheLatestOpensByDefault() {
    assertThat(EvaluationRun.runIds(lake)).containsExactly(RUN_A, RUN_B);
    assertThat(EvaluationRun.open(lake, Optional.empty()).runId()).isEqualTo(RUN_B);
  }

  @Test
  void reEstimatingEveryOutcomeOfAnEarlierRunGivesExactlyItsStoredEffects() {
    EvaluationRun runA = EvaluationRun.open(lake, Optional.of(RUN_A));
    assertThat(runA.panelVersion(PanelOutcome.Level.SITE_MONTH)).isZero();
    for (PanelOutcome outcome : PanelOutcome.values()) {
      OutcomePanel panel = runA.outcomePanel(outcome);
      EffectEstimate twfe = runA.effect(outcome, Estimator.TWFE);
      EffectEstimate twoByTwo = runA.effect(outcome, Estimator.DID_2X2);
      assertThat(panel.twfe().estimate()).as(outcome + " TWFE").isEqualTo(twfe.estimate());
      assertThat(panel.twfe().standardError()).isEqualTo(twfe.standardError());
      assertThat(panel.twoByTwo(VarianceType.CR1_STATA).estimate())
          .as(outcome + " 2x2")
          .isEqualTo(twoByTwo.estimate());
    }
    EffectEstimate emergencyA = runA.effect(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, Estimator.TWFE);
    assertThat(emergencyA.estimate()).isCloseTo(-2.0, within(0.1));
    assertThat(emergencyA.pioneerSites()).isEqualTo(10);
    assertThat(emergencyA.comparisonSites()).isEqualTo(10);
  }

  @Test
  void theLatestRunReadsTheCurrentPanelsWithItsOwnEffect() {
    EvaluationRun runB = EvaluationRun.open(lake, Optional.empty());
    assertThat(runB.panelVersion(PanelOutcome.Level.SITE_MONTH)).isEqualTo(1);
    DidEstimate again = runB.outcomePanel(PanelOutcome.EMERGENCY_ADMISSIONS_RATE).twfe();
    assertThat(again.estimate())
        .isEqualTo(runB.effect(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, Estimator.TWFE).estimate())
        .isCloseTo(-1.0, within(0.1));
  }

  @Test
  void anUnknownRunIsAUserErrorListingTheRunsThere() {
    assertThatThrownBy(() -> EvaluationRun.open(lake, Optional.of("run-missing")))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("Run 'run-missing' has no results in the lake")
        .hasMessageContaining("oldest first: " + RUN_A + ", " + RUN_B + ".")
        .hasMessageContaining("leave it unset for the latest run");
  }

  @Test
  void sitesCanBeLeftOutOneAtATimeOrByWave() {
    OutcomePanel panel =
        EvaluationRun.open(lake, Optional.of(RUN_A))
            .outcomePanel(PanelOutcome.EMERGENCY_ADMISSIONS_RATE);
    double all = panel.twfe().estimate();
    List<OutcomePanel.SiteInfluence> influence = panel.leaveOneSiteOut();
    assertThat(influence).hasSize(20);
    assertThat(influence.get(0).site()).isEqualTo("C10");
    OutcomePanel.SiteInfluence p03 =
        influence.stream().filter(s -> s.site().equals("P03")).findFirst().orElseThrow();
    assertThat(p03.pioneer()).isTrue();
    assertThat(p03.wave()).isEqualTo(1);
    assertThat(p03.withoutSite().estimate())
        .isEqualTo(panel.withoutSites(List.of("P03")).twfe().estimate());
    assertThat(p03.change()).isEqualTo(p03.withoutSite().estimate() - all);
    assertThat(p03.withoutSite().nClusters()).isEqualTo(19);
    // disclosure: without P03, 9 pioneer and 10 comparison sites remain
    EvaluationRun runA = EvaluationRun.open(lake, Optional.of(RUN_A));
    assertThat(runA.withDisclosure(DisclosureControl.withThreshold(9)).mayShow(panel, p03))
        .isTrue();
    assertThat(runA.withDisclosure(DisclosureControl.withThreshold(10)).mayShow(panel, p03))
        .isFalse();
    assertThat(runA.withDisclosure(DisclosureControl.withThreshold(10)).mayShow(panel)).isTrue();
    OutcomePanel.SiteInfluence c10 = influence.get(0);
    assertThat(runA.withDisclosure(DisclosureControl.withThreshold(10)).mayShow(panel, c10))
        .as("without comparison site C10: 10 pioneer, 9 comparison sites")
        .isFalse();

    OutcomePanel wave2 = panel.pioneersOfWave(2);
    assertThat(wave2.pioneerSites()).containsExactly("P05", "P06", "P07", "P08", "P09");
    assertThat(wave2.comparisonSites()).hasSize(10);
    assertThat(wave2.twfe().estimate()).isCloseTo(-2.0, within(0.15));
    assertThat(panel.waves()).containsExactly(1, 2);
  }

  @Test
  void theEffectsTableAndForestPlotShowEveryEffectOfTheRun() {
    EvaluationRun runA = EvaluationRun.open(lake, Optional.of(RUN_A));
    HtmlTable table = runA.effectsTable();
    assertThat(table.cells()).hasSize(14);
    EffectEstimate emergency = runA.effect(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, Estimator.TWFE);
    assertThat(table.cells().get(0))
        .startsWith(
            "Emergency admissions",
            "emergency admissions per 1,000 population per month",
            "TWFE",
            Formats.number(emergency.estimate()));
    assertThat(table.toHtml()).contains("<th>95% CI</th>").contains("10 / 10");
    String svg = runA.forestPlot().toSvg();
    assertThat(svg).startsWith("<svg").contains("Emergency admissions (TWFE)");
    assertThat(svg.split("<rect x=", -1)).hasSize(14 + 1);
  }

  @Test
  void theOverviewShowsWhatTheReportShowsAndSuppressesWhatItSuppresses() {
    EvaluationRun runB = EvaluationRun.open(lake, Optional.of(RUN_B));
    PanelOutcome emergency = PanelOutcome.EMERGENCY_ADMISSIONS_RATE;
    EffectEstimate twfe = runB.effect(emergency, Estimator.TWFE);
    List<Integer> estimatedMonths =
        runB
            .eventStudy()
            .filter(col(EventStudyColumns.OUTCOME).equalTo(emergency.columnName()))
            .select(EventStudyColumns.EVENT_TIME)
            .orderBy(EventStudyColumns.EVENT_TIME)
            .collectAsList()
            .stream()
            .map(r -> r.getInt(0))
            .toList();

    // 10 pioneer and 10 comparison sites against the default threshold of 8: shown
    assertThat(runB.mayShowOutcome(emergency)).isTrue();
    assertThat(runB.sentence(twfe)).isEqualTo(twfe.sentence());
    // months -24..17 have both waves (10 pioneer sites); 18..23 wave 1 alone (5): left out
    EvaluationRun.ShownEventStudy study = runB.shownEventStudy(emergency);
    List<Integer> bothWaves = IntStream.rangeClosed(-24, 17).boxed().toList();
    assertThat(study.points())
        .extracting(EvaluationRun.EventStudyPoint::eventTime)
        .containsExactlyElementsOf(bothWaves);
    assertThat(estimatedMonths).containsAll(bothWaves).contains(18, 23);
    assertThat(study.monthsLeftOut()).isEqualTo(estimatedMonths.size() - bothWaves.size());
    EvaluationRun.EventStudyPoint reference = study.points().get(bothWaves.indexOf(-1));
    assertThat(reference.reference()).isTrue();
    assertThat(reference.estimate()).isZero();
    // with a threshold of 5, wave 1's five sites are enough for months 18..23
    assertThat(
            runB.withDisclosure(DisclosureControl.withThreshold(5))
                .shownEventStudy(emergency)
                .points())
        .extracting(EvaluationRun.EventStudyPoint::eventTime)
        .containsExactlyElementsOf(estimatedMonths.stream().filter(k -> k <= 23).toList());
    List<String> robust = runB.robustEffectsTable().cells().get(0);
    assertThat(robust.subList(0, 2))
        .containsExactly(emergency.label(), Formats.number(twfe.estimate()));
    assertThat(robust.get(2)).matches("-?\\d+\\.\\d+");
    assertThat(robust.get(4)).matches("-?\\d+\\.\\d+");

    // a threshold of 11 sites: nothing of the outcome is shown anywhere in the overview
    EvaluationRun strict = runB.withDisclosure(DisclosureControl.withThreshold(11));
    assertThat(strict.mayShowOutcome(emergency)).isFalse();
    assertThat(strict.sentence(twfe))
        .isEqualTo(
            "Emergency admissions (TWFE): suppressed, fewer than 11 pioneer or comparison sites"
                + " (10 / 10).");
    assertThat(strict.shownEventStudy(emergency).points()).isEmpty();
    assertThat(strict.robustEffectsTable().cells())
        .hasSize(PanelOutcome.values().length)
        .allSatisfy(
            row ->
                assertThat(row.subList(1, 6))
                    .containsExactly("suppressed", "suppressed", "", "suppressed", ""));
    assertThat(strict.effectsTable().cells())
        .hasSize(14)
        .allSatisfy(row -> assertThat(row.get(3)).isEqualTo("suppressed"));
    assertThat(strict.forestPlot().toSvg()).doesNotContain("<rect x=");
  }

  @Test
  void siteTrendsLeaveOutQuartersRestingOnFewerAdmissionsThanTheThreshold() {
    EvaluationRun runA = EvaluationRun.open(lake, Optional.of(RUN_A));
    String svg =
        Trends.bySite(
                runA.panel(PanelOutcome.Level.SITE_MONTH),
                PanelOutcome.EMERGENCY_ADMISSIONS_RATE,
                List.of("P01", NotebookPanels.SMALL_SITE),
                DisclosureControl.withThreshold(20))
            .toSvg();
    // C19 has 15 admissions a quarter (< 20): its line has no points; P01 has 16 quarters
    assertThat(svg).contains("C19 (comparison)").contains("P01 (pioneer)");
    assertThat(svg.split("<polyline", -1)).hasSize(1 + 1);
    String shown =
        Trends.bySite(
                runA.panel(PanelOutcome.Level.SITE_MONTH),
                PanelOutcome.EMERGENCY_ADMISSIONS_RATE,
                List.of("P01", NotebookPanels.SMALL_SITE),
                DisclosureControl.withThreshold(8))
            .toSvg();
    assertThat(shown.split("<polyline", -1)).hasSize(2 + 1);
  }

  @Test
  void partsOfATotalAreSuppressedInPairsAndSmallCountsAlone() {
    HtmlTable table =
        HtmlTable.withColumns("drops", "extract", "received", "accepted", "quarantined")
            .row("admissions", 100L, 97L, 3L)
            .row("costs", 40L, 40L, 0L);
    HtmlTable shown =
        table.withPartsOfTotalSuppressed(
            DisclosureControl.defaults(), "received", "accepted", "quarantined");
    assertThat(shown.cells())
        .containsExactly(List.of("admissions", "100", "*", "*"), List.of("costs", "40", "40", "0"));
    assertThat(table.withSmallCountsSuppressed(DisclosureControl.defaults(), "quarantined").cells())
        .containsExactly(
            List.of("admissions", "100", "97", "*"), List.of("costs", "40", "40", "0"));
  }

  @Test
  void parametersComeFromTheEnvironmentWithTheDemoLakeAndTheLatestRunAsDefaults() {
    Path folder = Path.of("/work/notebooks");
    assertThat(NotebookParameters.fromVariables(Map.of(), folder))
        .isEqualTo(
            new NotebookParameters(
                Path.of("/work/notebooks/pioneer-eval-data/lake"), Optional.empty()));
    assertThat(
            NotebookParameters.fromVariables(
                Map.of("PIONEER_EVAL_HOME", "/srv/pioneer-eval", "PIONEER_EVAL_RUN_ID", "latest"),
                folder))
        .isEqualTo(
            new NotebookParameters(
                Path.of("/srv/pioneer-eval/pioneer-eval-data/lake"), Optional.empty()));
    assertThat(
            NotebookParameters.fromVariables(
                Map.of(
                    "PIONEER_EVAL_HOME", "/srv/pioneer-eval",
                    "PIONEER_EVAL_LAKE", "../lake",
                    "PIONEER_EVAL_RUN_ID", " " + RUN_A + " "),
                folder))
        .isEqualTo(new NotebookParameters(Path.of("/work/lake"), Optional.of(RUN_A)));
  }
}
