package org.pioneereval.jobs.estimate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.estimators.EventStudyCoefficient;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.WaldTest;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * The estimate stage's event studies and inference columns on {@link SyntheticPanels} (known
 * effects, 40 sites): estimates recover the effects, the pre-trend test sees the built-in
 * anticipation, and the rows land in results/event_study and results/did_effects under the run id.
 */
class EventStudyJobTest {

  private static final String RUN_ID = "run-event-study-test";

  @TempDir static Path lakeDir;

  private static Lakehouse lake;
  private static List<EstimateJob.Effect> effects;
  private static final Map<PanelOutcome, EventStudyJob.OutcomeEventStudy> STUDIES = new HashMap<>();

  @BeforeAll
  static void estimate() {
    lake = Lakehouse.at(SparkTestSession.get(), lakeDir);
    SyntheticPanels.writeTo(lake, 20140101L);
    effects = EstimateJob.create(lake, RUN_ID).execute();
    for (EventStudyJob.OutcomeEventStudy s :
        EventStudyJob.create(lake, "run-direct").execute().studies()) {
      STUDIES.put(s.outcome(), s);
    }
  }

  private static Map<PanelOutcome, EventStudyJob.OutcomeEventStudy> studies() {
    return STUDIES;
  }

  @Test
  void eventStudyCoefficientsRecoverTheKnownEffects() {
    Map<PanelOutcome, EventStudyJob.OutcomeEventStudy> studies = studies();
    assertThat(studies.keySet())
        .containsExactlyInAnyOrder(
            PanelOutcome.EMERGENCY_ADMISSIONS_RATE,
            PanelOutcome.ELECTIVE_ADMISSIONS_RATE,
            PanelOutcome.COST_PER_CAPITA);
    EventStudyResult emergency = studies.get(PanelOutcome.EMERGENCY_ADMISSIONS_RATE).result();
    // -24..24 without the reference -1: 48 coefficients; noise sd 0.1 over 20 pioneer sites
    assertThat(emergency.coefficients()).hasSize(48);
    for (EventStudyCoefficient c : emergency.coefficients()) {
      double truth = c.eventTime() >= 0 ? SyntheticPanels.EMERGENCY_EFFECT : 0.0;
      assertThat(c.estimate())
          .as("emergency, month %d", c.eventTime())
          .isCloseTo(truth, within(0.15));
      assertThat(c.ciLower()).isLessThan(c.estimate());
    }
    for (EventStudyCoefficient c :
        studies.get(PanelOutcome.ELECTIVE_ADMISSIONS_RATE).result().coefficients()) {
      assertThat(c.estimate()).as("elective, month %d", c.eventTime()).isCloseTo(0.0, within(0.15));
    }
    EventStudyResult cost = studies.get(PanelOutcome.COST_PER_CAPITA).result();
    assertThat(cost.coefficient(-4).estimate())
        .isCloseTo(SyntheticPanels.COST_ANTICIPATION, within(0.15));
    assertThat(cost.coefficient(12).estimate())
        .isCloseTo(SyntheticPanels.COST_EFFECT, within(0.15));
  }

  @Test
  void preTrendWaldTestRejectsOnlyWhereThereIsAnticipation() {
    Map<PanelOutcome, EventStudyJob.OutcomeEventStudy> studies = studies();
    WaldTest emergency = studies.get(PanelOutcome.EMERGENCY_ADMISSIONS_RATE).preTrendWald().get();
    WaldTest cost = studies.get(PanelOutcome.COST_PER_CAPITA).preTrendWald().get();
    // leads -6..-2, F with G-1 = 39 denominator df
    assertThat(emergency.df1()).isEqualTo(5);
    assertThat(emergency.df2()).isEqualTo(39.0);
    assertThat(emergency.pValue()).isGreaterThan(0.01);
    assertThat(cost.pValue()).isLessThan(1e-6);
  }

  @Test
  void preTrendTestOverEveryLeadIsTheEstimatorsOwnWaldTest() {
    EventStudyResult result = studies().get(PanelOutcome.COST_PER_CAPITA).result();

    WaldTest allLeads = EventStudyJob.preTrendWald(result, -24).orElseThrow();

    assertThat(allLeads.df1()).isEqualTo(23);
    assertThat(allLeads.statistic()).isEqualTo(result.preTrendWald().statistic());
    assertThat(allLeads.pValue()).isEqualTo(result.preTrendWald().pValue());
  }

  @Test
  void eventStudyRowsAreWrittenWithTheRunIdAndTheReferenceMonth() {
    List<Row> rows =
        lake.read(LakeTable.EVENT_STUDY, "estimate")
            .filter(col(EventStudyColumns.RUN_ID).equalTo(RUN_ID))
            .collectAsList();
    // three site-month outcomes x (48 coefficients + the reference month)
    assertThat(rows).hasSize(3 * 49);
    Row reference =
        lake.read(LakeTable.EVENT_STUDY, "estimate")
            .filter(
                col(EventStudyColumns.RUN_ID)
                    .equalTo(RUN_ID)
                    .and(col(EventStudyColumns.OUTCOME).equalTo("emergency_admissions_rate"))
                    .and(col(EventStudyColumns.EVENT_TIME).equalTo(-1)))
            .first();
    assertThat(reference.<Double>getAs(EventStudyColumns.ESTIMATE)).isEqualTo(0.0);
    assertThat(reference.<Boolean>getAs(EventStudyColumns.IS_REFERENCE)).isTrue();
    assertThat(reference.isNullAt(reference.fieldIndex(EventStudyColumns.STD_ERROR))).isTrue();
    Row lastMonth =
        lake.read(LakeTable.EVENT_STUDY, "estimate")
            .filter(
                col(EventStudyColumns.RUN_ID)
                    .equalTo(RUN_ID)
                    .and(col(EventStudyColumns.OUTCOME).equalTo("emergency_admissions_rate"))
                    .and(col(EventStudyColumns.EVENT_TIME).equalTo(24)))
            .first();
    // pools months 24..35 of the January 2014 pioneers and 24..29 of the July ones
    assertThat(lastMonth.<Boolean>getAs(EventStudyColumns.IS_BINNED_ENDPOINT)).isTrue();
    assertThat(lastMonth.<Double>getAs(EventStudyColumns.ESTIMATE))
        .isCloseTo(SyntheticPanels.EMERGENCY_EFFECT, within(0.1));
    assertThat(lastMonth.<Integer>getAs(EventStudyColumns.N_CLUSTERS)).isEqualTo(40);
    assertThat(lastMonth.<Long>getAs(EventStudyColumns.N_OBSERVATIONS)).isEqualTo(40L * 60);
  }

  @Test
  void didEffectsCarryTheBootstrapPValueAndThePreTrendTest() {
    Map<String, Row> twfe = new HashMap<>();
    Map<String, Row> twoByTwo = new HashMap<>();
    for (Row r :
        lake.read(LakeTable.DID_EFFECTS, "estimate")
            .filter(col(EffectColumns.RUN_ID).equalTo(RUN_ID))
            .collectAsList()) {
      (r.<String>getAs(EffectColumns.ESTIMATOR).equals("TWFE") ? twfe : twoByTwo)
          .put(r.getAs(EffectColumns.OUTCOME), r);
    }
    assertThat(twfe).hasSize(PanelOutcome.values().length);
    Row emergency = twfe.get("emergency_admissions_rate");
    assertThat(emergency.<Double>getAs(EffectColumns.ESTIMATE))
        .isCloseTo(SyntheticPanels.EMERGENCY_EFFECT, within(0.05));
    // a clear effect: no bootstrap draw reaches |t|, so p = 1/(999+1) or so
    assertThat(emergency.<Double>getAs(EffectColumns.WILD_BOOTSTRAP_P_VALUE)).isLessThan(0.01);
    assertThat(emergency.<Integer>getAs(EffectColumns.PRE_TREND_WALD_DF1)).isEqualTo(5);
    assertThat(emergency.<Double>getAs(EffectColumns.PRE_TREND_WALD_DF2)).isEqualTo(39.0);
    assertThat(emergency.<Double>getAs(EffectColumns.PRE_TREND_WALD_P_VALUE)).isGreaterThan(0.01);
    assertThat(twfe.get("cost_per_capita").<Double>getAs(EffectColumns.PRE_TREND_WALD_P_VALUE))
        .isLessThan(1e-6);
    assertThat(emergency.<String>getAs(EffectColumns.SPECIFICATION))
        .contains("\"wild_bootstrap\":{\"draws\":999,\"weights\":\"WEBB\"")
        .contains("\"pre_trend_test\":{\"event_study_window\":[-24,24]")
        .contains("\"leads_tested\":[-6,-2]");
    // elective admissions: no effect, the bootstrap does not reject
    assertThat(
            twfe.get("elective_admissions_rate")
                .<Double>getAs(EffectColumns.WILD_BOOTSTRAP_P_VALUE))
        .isGreaterThan(0.05);
    // survey outcomes have no event study; 2x2 rows carry neither column
    Row satisfaction = twfe.get("overall_satisfaction");
    assertThat(satisfaction.isNullAt(satisfaction.fieldIndex(EffectColumns.PRE_TREND_WALD_F)))
        .isTrue();
    assertThat(satisfaction.<Double>getAs(EffectColumns.WILD_BOOTSTRAP_P_VALUE))
        .isBetween(0.0, 1.0);
    for (Row r : twoByTwo.values()) {
      assertThat(r.isNullAt(r.fieldIndex(EffectColumns.WILD_BOOTSTRAP_P_VALUE))).isTrue();
    }
    assertThat(effects)
        .filteredOn(e -> e.estimator() == Estimator.TWFE)
        .allSatisfy(e -> assertThat(e.wildBootstrapPValue()).isPresent());
  }
}
