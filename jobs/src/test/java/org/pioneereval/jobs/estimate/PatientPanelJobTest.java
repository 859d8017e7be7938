package org.pioneereval.jobs.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.PatientRegisterColumns;
import org.pioneereval.contracts.SiteRegisterColumns;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.PanelObservations;
import org.pioneereval.estimators.TwoWayFixedEffectsDid;
import org.pioneereval.generator.GeneratorConfig;
import org.pioneereval.generator.Outcome;
import org.pioneereval.generator.OutcomeTruth;
import org.pioneereval.generator.Truth;
import org.pioneereval.jobs.cohort.CohortOutcome;
import org.pioneereval.jobs.cohort.Spells;
import org.pioneereval.jobs.estimate.PatientPanelJob.PatientEffect;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.PatientLevelLake;

/**
 * The patient x month two-way fixed-effects DiD on generated extracts: the per-site reduction in
 * Spark equals the in-memory estimator on the explicitly materialised panel (every resident, every
 * month, zeros included), the counts describe that panel, a re-run is identical, and the admission
 * effects recover the generator's truth.
 */
class PatientPanelJobTest {

  static final GeneratorConfig DESIGN =
      GeneratorConfig.defaults()
          .withSeed(20150401L)
          .withPatientsPerSite(400)
          .withComparisonSites(8)
          .withPioneerSites(3, 3)
          .withStartMonth(YearMonth.of(2012, 4))
          .withEndMonth(YearMonth.of(2014, 3))
          .withGoLiveMonths(YearMonth.of(2013, 1), YearMonth.of(2013, 7));

  static final String RUN_ID = "run-patient-panel";
  static final int MONTHS = 24;

  @TempDir static Path work;

  static Truth truth;
  static Lakehouse lake;
  static List<PatientEffect> effects;

  @BeforeAll
  static void generateIngestAndEstimate() {
    PatientLevelLake.Generated generated = PatientLevelLake.ingest(DESIGN, work, RUN_ID);
    truth = generated.truth();
    lake = generated.lake();
    effects = PatientPanelJob.create(lake, RUN_ID).execute();
    effects.forEach(System.out::println);
  }

  private static PatientEffect effect(CohortOutcome outcome) {
    return effects.stream().filter(e -> e.outcome() == outcome).findFirst().orElseThrow();
  }

  /** The panel built the obvious way: residents x months, left-joined to monthly totals. */
  private static List<Row> materialisedPanel() {
    Dataset<Row> admissions =
        lake.read(LakeTable.SILVER_ADMISSIONS, "test")
            .select(
                col(AdmissionsColumns.PATIENT_KEY).as("patient"),
                Spells.monthIndex(col(AdmissionsColumns.ADMISSION_DATE)).as("month"),
                col(AdmissionsColumns.ADMISSION_METHOD).as("method"),
                Spells.tariff(col(AdmissionsColumns.ADMISSION_METHOD)).as("cost"))
            .groupBy("patient", "month")
            .agg(
                sum(when(col("method").equalTo("emergency"), 1.0).otherwise(0.0)).as("emergency"),
                sum(when(col("method").equalTo("elective"), 1.0).otherwise(0.0)).as("elective"),
                sum("cost").as("cost"));
    Dataset<Row> sites =
        lake.read(LakeTable.SILVER_SITE_REGISTER, "test")
            .select(
                col(SiteRegisterColumns.SITE_CODE).as("site"),
                col(SiteRegisterColumns.GO_LIVE_DATE).as("go_live"),
                col(SiteRegisterColumns.SITE_TYPE).as("type"));
    int first = 2012 * 12 + 3;
    return lake.read(LakeTable.SILVER_PATIENT_REGISTER, "test")
        .select(
            col(PatientRegisterColumns.PATIENT_KEY).as("patient"),
            col(PatientRegisterColumns.SITE_CODE).as("site"))
        .join(sites, "site")
        .withColumn("month", explode(sequence(lit(first), lit(first + MONTHS - 1))))
        .join(admissions, new String[] {"patient", "month"}, "left")
        .na()
        .fill(0.0, new String[] {"emergency", "elective", "cost"})
        .withColumn(
            "month_start",
            org.apache.spark.sql.functions.make_date(
                col("month").divide(12).cast("int"), col("month").mod(12).plus(1), lit(1)))
        .withColumn(
            "d",
            when(
                    col("type")
                        .equalTo("pioneer")
                        .and(col("go_live").isNotNull())
                        .and(col("month_start").geq(col("go_live"))),
                    1.0)
                .otherwise(0.0))
        .select("patient", "site", "month", "d", "emergency", "elective", "cost")
        .orderBy("patient", "month")
        .collectAsList();
  }

  @Test
  void perSiteReductionEqualsTheInMemoryEstimatorOnTheMaterialisedPanel() {
    List<Row> rows = materialisedPanel();
    int n = rows.size();
    int[] unit = new int[n];
    int[] time = new int[n];
    int[] cluster = new int[n];
    double[] d = new double[n];
    Map<String, double[]> y =
        Map.of("emergency", new double[n], "elective", new double[n], "cost", new double[n]);
    Map<String, Integer> patients = new HashMap<>();
    Map<String, Integer> sites = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      unit[i] = patients.computeIfAbsent(r.getString(0), k -> patients.size());
      cluster[i] = sites.computeIfAbsent(r.getString(1), k -> sites.size());
      time[i] = r.getInt(2) - (2012 * 12 + 3);
      d[i] = r.getDouble(3);
      y.get("emergency")[i] = r.getDouble(4);
      y.get("elective")[i] = r.getDouble(5);
      y.get("cost")[i] = r.getDouble(6);
    }
    Map<CohortOutcome, String> column =
        Map.of(
            CohortOutcome.EMERGENCY_ADMISSIONS, "emergency",
            CohortOutcome.ELECTIVE_ADMISSIONS, "elective",
            CohortOutcome.INPATIENT_COST, "cost");
    for (CohortOutcome o : CohortOutcome.values()) {
      DidEstimate expected =
          TwoWayFixedEffectsDid.withVariance(PatientPanelJob.VARIANCE)
              .fit(
                  PanelObservations.builder()
                      .outcome(y.get(column.get(o)))
                      .unit(unit)
                      .time(time)
                      .treatment(d)
                      .cluster(cluster)
                      .build());
      double scale = o.isCost() ? 1.0 : 1000.0;
      PatientEffect actual = effect(o);
      assertThat(actual.estimate())
          .as(o.name())
          .isCloseTo(scale * expected.estimate(), within(1e-9 * scale));
      assertThat(actual.standardError())
          .as(o.name())
          .isCloseTo(
              scale * expected.standardError(), within(1e-8 * scale * expected.standardError()));
      assertThat(actual.degreesOfFreedom()).isEqualTo(expected.degreesOfFreedom());
    }
    long treatedPatients =
        rows.stream().filter(r -> r.getDouble(3) == 1.0).map(r -> r.get(0)).distinct().count();
    PatientEffect e = effect(CohortOutcome.EMERGENCY_ADMISSIONS);
    assertThat(e.patientMonths()).isEqualTo(n).isEqualTo((long) patients.size() * MONTHS);
    assertThat(e.patients()).isEqualTo(patients.size());
    assertThat(e.treatedPatients()).isEqualTo(treatedPatients);
    assertThat(e.clusters()).isEqualTo(14).isEqualTo(sites.size());
  }

  @Test
  void resultsAreWrittenOncePerOutcomeAndARerunIsIdentical() {
    List<PatientEffect> again = PatientPanelJob.create(lake, RUN_ID).execute();
    assertThat(again).isEqualTo(effects);
    List<Row> written =
        lake.read(LakeTable.PATIENT_PANEL_EFFECTS, "test")
            .where(col(PatientPanelColumns.RUN_ID).equalTo(RUN_ID))
            .collectAsList();
    assertThat(written).hasSize(3);
    for (Row r : written) {
      PatientEffect e =
          effect(
              CohortOutcome.fromColumnName(r.getString(r.fieldIndex(PatientPanelColumns.OUTCOME))));
      assertThat(r.getDouble(r.fieldIndex(PatientPanelColumns.ESTIMATE))).isEqualTo(e.estimate());
      assertThat(r.getString(r.fieldIndex(PatientPanelColumns.VARIANCE))).isEqualTo("CR1_STATA");
    }
  }

  @Test
  void admissionEffectsCoverTheGeneratorsTrueEffectPerThousand() {
    for (Map.Entry<CohortOutcome, Outcome> pair :
        Map.of(
                CohortOutcome.EMERGENCY_ADMISSIONS, Outcome.EMERGENCY_ADMISSIONS_RATE,
                CohortOutcome.ELECTIVE_ADMISSIONS, Outcome.ELECTIVE_ADMISSIONS_RATE)
            .entrySet()) {
      OutcomeTruth t = truth.outcome(pair.getValue());
      PatientEffect e = effect(pair.getKey());
      assertThat(t.trueAtt()).as(pair.getKey().name()).isBetween(e.ciLower(), e.ciUpper());
      assertThat(e.siteOutcome().orElseThrow().columnName())
          .isEqualTo(pair.getValue().columnName());
    }
  }
}
