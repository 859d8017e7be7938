package org.pioneereval.jobs.cohort;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.PatientRegisterColumns;
import org.pioneereval.estimators.matching.CovariateBalance;
import org.pioneereval.estimators.matching.InMemoryCrossProducts;
import org.pioneereval.estimators.matching.LogisticRegression;
import org.pioneereval.estimators.matching.LogitFit;
import org.pioneereval.generator.CohortTruth;
import org.pioneereval.generator.GeneratorConfig;
import org.pioneereval.generator.Truth;
import org.pioneereval.jobs.cohort.MatchedCohortJob.CohortEstimate;
import org.pioneereval.jobs.cohort.MatchedCohortJob.CohortResult;
import org.pioneereval.jobs.cohort.MatchedCohortJob.Design;
import org.pioneereval.jobs.cohort.MatchedCohortJob.Model;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.PatientLevelLake;

/**
 * The matched-cohort design end to end on generated extracts whose enrolment is confounded on the
 * patients' realised emergency admissions in the 12 months before go-live (regression to the mean),
 * with the generator's truth for the enrolled patients: the unmatched comparison is biased,
 * matching balances every covariate and recovers the truth.
 */
class MatchedCohortJobTest {

  /** Both waves' 12 months before and from go-live (2013-11, 2015-04) inside the window. */
  static final GeneratorConfig DESIGN =
      GeneratorConfig.defaults()
          .withSeed(20131101L)
          .withPatientsPerSite(1500)
          .withComparisonSites(8)
          .withPioneerSites(3, 3)
          .withStartMonth(YearMonth.of(2012, 4))
          .withEndMonth(YearMonth.of(2016, 3));

  static final String RUN_ID = "run-cohort";

  @TempDir static Path work;

  static Truth truth;
  static Lakehouse lake;
  static CohortResult result;

  @BeforeAll
  static void generateIngestAndMatch() {
    PatientLevelLake.Generated generated = PatientLevelLake.ingest(DESIGN, work, RUN_ID);
    truth = generated.truth();
    lake = generated.lake();
    long start = System.nanoTime();
    result = MatchedCohortJob.create(lake, RUN_ID).execute();
    System.out.printf(
        "matched cohort: %d candidates in %.1f s%n",
        result.candidates(), (System.nanoTime() - start) / 1e9);
    for (CohortEstimate e : result.estimates()) {
      System.out.println(e);
    }
    truth.cohort().values().forEach(System.out::println);
  }

  private static CohortEstimate estimate(Design design, CohortOutcome outcome, Model model) {
    return result.estimates().stream()
        .filter(e -> e.design() == design && e.outcome() == outcome && e.model() == model)
        .findFirst()
        .orElseThrow();
  }

  private static CohortTruth truthOf(CohortOutcome outcome) {
    return truth.cohort().get(org.pioneereval.generator.CohortOutcome.valueOf(outcome.name()));
  }

  @Test
  void everyEnrolledPatientIsATreatedCandidateAndTheUnmatchedDesignUsesThemAll() {
    long enrolled = truthOf(CohortOutcome.EMERGENCY_ADMISSIONS).enrolled();
    assertThat(enrolled).isGreaterThan(500);
    assertThat(result.balance().sampleSizes().treatedAll()).isEqualTo((int) enrolled);
    assertThat(result.treatedByIndexMonth())
        .containsOnlyKeys(YearMonth.of(2013, 11), YearMonth.of(2015, 4));
    for (CohortOutcome o : CohortOutcome.values()) {
      assertThat(estimate(Design.UNMATCHED, o, Model.DIFFERENCE).treated()).isEqualTo(enrolled);
    }
    // 1:4 within the caliper: nearly every enrolled patient finds four controls.
    assertThat(result.balance().sampleSizes().treatedMatched())
        .isGreaterThan((int) (0.95 * enrolled));
    assertThat(result.balance().sampleSizes().controlMatched())
        .as("up to four controls each")
        .isBetween(
            (int) (3.9 * result.balance().sampleSizes().treatedMatched()),
            4 * result.balance().sampleSizes().treatedMatched());
  }

  @Test
  void preWindowTotalsEqualAnIndependentCountOfTheSilverAdmissions() {
    // Emergency spells of enrolled patients in the 12 months before their enrolment month,
    // counted with Spark SQL directly on the silver tables.
    Row sums =
        lake.read(LakeTable.SILVER_PATIENT_REGISTER, "ingest")
            .where(col(PatientRegisterColumns.ENROLMENT_DATE).isNotNull())
            .selectExpr(
                PatientRegisterColumns.PATIENT_KEY + " AS k",
                "trunc(" + PatientRegisterColumns.ENROLMENT_DATE + ", 'MM') AS index_start")
            .join(
                lake.read(LakeTable.SILVER_ADMISSIONS, "ingest")
                    .selectExpr(
                        AdmissionsColumns.PATIENT_KEY + " AS k",
                        AdmissionsColumns.ADMISSION_DATE + " AS d",
                        AdmissionsColumns.ADMISSION_METHOD + " AS m"),
                "k")
            .where("d >= add_months(index_start, -12) AND d < index_start")
            .selectExpr(
                "sum(CASE WHEN m = 'emergency' THEN 1 ELSE 0 END) AS emergency",
                "sum(CASE WHEN m = 'elective' THEN 1 ELSE 0 END) AS elective")
            .first();
    CohortEstimate emergency =
        estimate(Design.UNMATCHED, CohortOutcome.EMERGENCY_ADMISSIONS, Model.DIFFERENCE);
    CohortEstimate elective =
        estimate(Design.UNMATCHED, CohortOutcome.ELECTIVE_ADMISSIONS, Model.DIFFERENCE);
    assertThat(emergency.treatedPreMean() * emergency.treated())
        .isCloseTo(sums.getLong(0), within(1e-6));
    assertThat(elective.treatedPreMean() * elective.treated())
        .isCloseTo(sums.getLong(1), within(1e-6));
  }

  @Test
  void theSparkFittedPropensityModelEqualsTheInMemoryFit() {
    List<Row> rows = CohortCandidates.build(lake).rows().collectAsList();
    int k = CohortCovariate.values().length;
    double[][] x = new double[rows.size()][k + 1];
    boolean[] treated = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      x[i][0] = 1.0;
      for (int j = 0; j < k; j++) {
        x[i][j + 1] = r.getDouble(r.fieldIndex(CohortCovariate.values()[j].columnName()));
      }
      treated[i] = r.getBoolean(r.fieldIndex(CohortCandidates.TREATED));
    }
    LogitFit inMemory =
        LogisticRegression.builder()
            .coefficientNames(result.propensityModel().coefficientNames())
            .build()
            .fit(InMemoryCrossProducts.of(x, treated));
    for (String name : inMemory.coefficientNames()) {
      assertThat(result.propensityModel().coefficient(name))
          .as(name)
          .isCloseTo(
              inMemory.coefficient(name),
              within(1e-9 * Math.max(1, Math.abs(inMemory.coefficient(name)))));
    }
    // Enrolment follows prior emergency use: its coefficient is clearly positive.
    assertThat(inMemory.coefficient(CohortCovariate.PRIOR_EMERGENCY.columnName()))
        .isGreaterThan(0.3);
  }

  @Test
  void enrolmentIsConfoundedOnPriorUseAndMatchingBalancesEveryCovariate() {
    CovariateBalance prior = result.balance().before(CohortCovariate.PRIOR_EMERGENCY.columnName());
    assertThat(prior.standardizedMeanDifference()).isGreaterThan(0.3);
    for (CovariateBalance after : result.balance().after()) {
      assertThat(Math.abs(after.standardizedMeanDifference()))
          .as(after.covariate())
          .isLessThan(0.1);
    }
  }

  @Test
  void theUnmatchedComparisonIsBiasedByRegressionToTheMeanAndTheMatchedOneCoversTheTruth() {
    double trueDifference = truthOf(CohortOutcome.EMERGENCY_ADMISSIONS).trueEffectPerPatientYear();
    CohortEstimate unmatched =
        estimate(Design.UNMATCHED, CohortOutcome.EMERGENCY_ADMISSIONS, Model.DIFFERENCE);
    CohortEstimate matched =
        estimate(Design.MATCHED, CohortOutcome.EMERGENCY_ADMISSIONS, Model.DIFFERENCE);
    assertThat(unmatched.ciUpper()).isLessThan(trueDifference);
    assertThat(matched.ciLower()).isLessThanOrEqualTo(trueDifference);
    assertThat(matched.ciUpper()).isGreaterThanOrEqualTo(trueDifference);
    double trueRatio = truthOf(CohortOutcome.EMERGENCY_ADMISSIONS).trueRateRatio();
    CohortEstimate ratio =
        estimate(Design.MATCHED, CohortOutcome.EMERGENCY_ADMISSIONS, Model.RATE_RATIO);
    assertThat(ratio.ciLower()).isLessThanOrEqualTo(trueRatio);
    assertThat(ratio.ciUpper()).isGreaterThanOrEqualTo(trueRatio);
    assertThat(
            estimate(Design.UNMATCHED, CohortOutcome.EMERGENCY_ADMISSIONS, Model.RATE_RATIO)
                .ciUpper())
        .isLessThan(trueRatio);
  }

  @Test
  void theResultsTablesHoldTwelveEffectsAndOneBalanceRowPerCovariate() {
    List<Row> effects =
        lake.read(LakeTable.COHORT_EFFECTS, "estimate")
            .where(col(CohortColumns.RUN_ID).equalTo(RUN_ID))
            .collectAsList();
    assertThat(effects).hasSize(12);
    for (Row r : effects) {
      double p = r.getDouble(r.fieldIndex(CohortColumns.P_VALUE));
      double holm = r.getDouble(r.fieldIndex(CohortColumns.P_HOLM));
      double bh = r.getDouble(r.fieldIndex(CohortColumns.P_BH));
      assertThat(holm).isBetween(p, Math.min(1.0, 3 * p) + 1e-12);
      assertThat(bh).isBetween(p, holm + 1e-12);
    }
    assertThat(
            lake.read(LakeTable.COHORT_BALANCE, "estimate")
                .where(col(CohortColumns.RUN_ID).equalTo(RUN_ID))
                .count())
        .isEqualTo(CohortCovariate.values().length);
  }
}
