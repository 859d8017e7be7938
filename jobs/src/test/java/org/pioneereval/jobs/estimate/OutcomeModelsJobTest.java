package org.pioneereval.jobs.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.PatientExperienceColumns;
import org.pioneereval.jobs.estimate.OutcomeModelsJob.Family;
import org.pioneereval.jobs.estimate.OutcomeModelsJob.Model;
import org.pioneereval.jobs.estimate.OutcomeModelsJob.ModelEstimate;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.runtime.ExitCode;
import org.pioneereval.jobs.runtime.PioneerEvalException;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * {@link OutcomeModelsJob} against an independent implementation in R, on a small simulated lake
 * (src/test/resources/outcome-models: {@code simulate_and_fit.R}, set.seed(20261123), wrote the
 * data files and {@code expected.csv}; {@code expected_output.txt} is its printed output).
 *
 * <p>Data: 12 sites (S01-S03 go live on 2014-01-01, S04-S06 on 2014-07-01, six comparison sites),
 * 36 months of overdispersed Poisson emergency and elective admissions and lognormal costs with
 * population as exposure (432 site-months); survey waves 2012-2015 with 25-35 weighted responses
 * per site and wave (1,467 responses, items scored 1-5, about 5% missing per item).
 *
 * <p>R: {@code glm(count ~ treated_post + factor(site) + factor(month) + offset(log(population)),
 * poisson)} with {@code sandwich::vcovCL(type = "HC0", cadjust = TRUE) * (N - 1) / (N - K)}, K
 * without the site FE nested in the cluster (fixest's rule); {@code svyglm(y ~ treated_post +
 * factor(site) + factor(wave), svydesign(ids = ~site, weights = ~survey_weight))} with {@code
 * summary(fit, df.resid = 7)} and {@code confint(fit, ddf = 7)}, 7 = svyglm's df.residual (-4)
 * without the 11 site dummies nested in the PSU; Holm and BH by {@code p.adjust} per family.
 *
 * <p>Tolerances. Survey models are exact linear algebra in both implementations (weighted least
 * squares and the PSU sandwich; observed differences below 1e-11): 1e-9 relative. PPML: R's IRLS is
 * run to a deviance tolerance of 1e-14 and both estimates sit at the optimum (observed 1e-14), but
 * the Java estimator evaluates the scores and Hessian at the last IRLS weights, as fixest does, not
 * at the final coefficients as {@code sandwich} does, which moves the clustered SE (observed up to
 * 4e-7 relative, on the cost model): 1e-7 relative on rate ratios, 1e-5 on the SE of log RR and the
 * CI bounds {@code exp(b -+ 1.96 se)}, and 1e-4 on p-values and their Holm/BH adjustments (a
 * p-value moves by about z^2 times the relative change of the SE: z = 3.3 and 4e-6 observed for
 * cost; BH ties the adjusted p of a survey model to the cost model's).
 */
class OutcomeModelsJobTest {

  private static final Path RESOURCES = Path.of("src/test/resources/outcome-models");
  private static final String RUN_ID = "run-om";

  private static final double EXACT = 1e-9;
  private static final double PPML_ESTIMATE = 1e-7;
  private static final double PPML_SE = 1e-5;
  private static final double PPML_P = 1e-4;

  @TempDir static Path lakeDir;

  private static Lakehouse lake;
  private static List<ModelEstimate> estimates;
  private static List<Expected> expected;

  /** One row of expected.csv, R's numbers for one outcome and model. */
  record Expected(
      String outcome,
      String model,
      String family,
      double estimate,
      double ciLower,
      double ciUpper,
      double standardError,
      double pValue,
      double pHolm,
      double pBenjaminiHochberg,
      long observations,
      int clusters) {

    String key() {
      return outcome + "/" + model;
    }

    boolean ppml() {
      return model.startsWith("PPML");
    }
  }

  @BeforeAll
  static void run() {
    SparkSession spark = SparkTestSession.get();
    lake = Lakehouse.at(spark, lakeDir);
    writeLake(lake, siteWavePanel(spark));
    expected = readExpected();
    estimates = OutcomeModelsJob.create(lake, RUN_ID).execute();
  }

  @Test
  void returnedEstimatesMatchR() {
    assertThat(expected).hasSize(11);
    assertThat(estimates)
        .extracting(e -> e.outcome().columnName() + "/" + e.model().name())
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(Expected::key).toList());
    Map<String, ModelEstimate> byKey = new HashMap<>();
    for (ModelEstimate e : estimates) {
      byKey.put(e.outcome().columnName() + "/" + e.model().name(), e);
    }
    for (Expected x : expected) {
      ModelEstimate e = byKey.get(x.key());
      assertThat(e.family().name().toLowerCase(Locale.ROOT)).as(x.key()).isEqualTo(x.family());
      assertNumbers(
          x,
          e.estimate(),
          e.ciLower(),
          e.ciUpper(),
          e.standardError(),
          e.pValue(),
          e.pHolm(),
          e.pBenjaminiHochberg());
      assertThat(e.observations()).as(x.key() + " n").isEqualTo(x.observations());
      assertThat(e.clusters()).as(x.key() + " clusters").isEqualTo(x.clusters());
    }
    // the families: one primary test per outcome, the top-box models secondary
    assertThat(estimates.stream().filter(e -> e.family() == Family.PRIMARY))
        .extracting(ModelEstimate::outcome)
        .containsExactlyInAnyOrder(PanelOutcome.values());
    assertThat(estimates.stream().filter(e -> e.family() == Family.SECONDARY))
        .extracting(ModelEstimate::model)
        .containsOnly(Model.SURVEY_TOP_BOX)
        .hasSize(4);
  }

  @Test
  void resultRowsMatchR() {
    List<Row> rows = resultRows(RUN_ID);
    assertThat(rows).hasSize(expected.size());
    Map<String, Row> byKey = new HashMap<>();
    for (Row r : rows) {
      byKey.put(
          r.<String>getAs(OutcomeModelColumns.OUTCOME)
              + "/"
              + r.<String>getAs(OutcomeModelColumns.MODEL),
          r);
    }
    assertThat(byKey.keySet())
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(Expected::key).toList());
    for (Expected x : expected) {
      Row r = byKey.get(x.key());
      PanelOutcome outcome = outcome(x.outcome());
      Model model = Model.valueOf(x.model());
      assertThat(r.<String>getAs(OutcomeModelColumns.OUTCOME_LABEL)).isEqualTo(outcome.label());
      assertThat(r.<String>getAs(OutcomeModelColumns.SCALE)).isEqualTo(model.scale());
      assertThat(r.<String>getAs(OutcomeModelColumns.FAMILY)).as(x.key()).isEqualTo(x.family());
      assertNumbers(
          x,
          r.<Double>getAs(OutcomeModelColumns.ESTIMATE),
          r.<Double>getAs(OutcomeModelColumns.CI_LOWER),
          r.<Double>getAs(OutcomeModelColumns.CI_UPPER),
          r.<Double>getAs(OutcomeModelColumns.STD_ERROR),
          r.<Double>getAs(OutcomeModelColumns.P_VALUE),
          r.<Double>getAs(OutcomeModelColumns.P_HOLM),
          r.<Double>getAs(OutcomeModelColumns.P_BH));
      assertThat(r.<Long>getAs(OutcomeModelColumns.N_OBSERVATIONS))
          .as(x.key() + " n")
          .isEqualTo(x.observations());
      assertThat(r.<Integer>getAs(OutcomeModelColumns.N_CLUSTERS))
          .as(x.key() + " clusters")
          .isEqualTo(x.clusters());
      String spec = r.getAs(OutcomeModelColumns.SPECIFICATION);
      assertThat(spec).contains("\"outcome\":\"" + x.outcome() + "\"");
      if (x.ppml()) {
        assertThat(spec)
            .contains("\"fixed_effects\":[\"site\",\"month\"],\"cluster\":\"site\"")
            .contains("\"rows_dropped_all_zero_groups\":0");
      } else {
        // 12 PSUs - 1 + 1 - (16 coefficients - 11 site dummies nested in the PSU)
        assertThat(spec)
            .contains("\"fixed_effects\":[\"site\",\"wave\"]")
            .contains("\"weights\":\"" + PatientExperienceColumns.SURVEY_WEIGHT + "\"")
            .contains("\"df\":7");
      }
      assertThat(r.<Timestamp>getAs(OutcomeModelColumns.ESTIMATED_AT)).isNotNull();
    }
  }

  @Test
  void rerunningARunIdReplacesItsRows() {
    Timestamp first = resultRows(RUN_ID).get(0).getAs(OutcomeModelColumns.ESTIMATED_AT);
    List<ModelEstimate> again = OutcomeModelsJob.create(lake, RUN_ID).execute();
    List<Row> rows = resultRows(RUN_ID);
    assertThat(rows).hasSize(expected.size());
    assertThat(rows)
        .extracting(r -> r.<Timestamp>getAs(OutcomeModelColumns.ESTIMATED_AT))
        .allSatisfy(t -> assertThat(t).isAfter(first));
    // the same numbers (Spark's sums may add in another order: 1e-12)
    assertThat(again).hasSameSizeAs(estimates);
    for (int i = 0; i < again.size(); i++) {
      assertThat(again.get(i).model()).isEqualTo(estimates.get(i).model());
      assertRelative(again.get(i).estimate(), estimates.get(i).estimate(), 1e-12, "rerun " + i);
    }
  }

  @Test
  void noTreatedSiteWaveIsAnInputError(@TempDir Path otherLake) {
    SparkSession spark = SparkTestSession.get();
    Lakehouse untreated = Lakehouse.at(spark, otherLake);
    writeLake(untreated, siteWavePanel(spark).withColumn(PanelColumns.TREATED_POST, lit(false)));
    assertThatThrownBy(() -> OutcomeModelsJob.create(untreated, RUN_ID).execute())
        .hasMessageContaining(
            "Outcome '"
                + PanelOutcome.OVERALL_SATISFACTION.columnName()
                + "' has no pioneer site with observations both before and after go-live")
        .hasMessageContaining("go_live_date");
    // nothing is written for a run that fails
    assertThat(untreated.exists(LakeTable.OUTCOME_MODELS)).isFalse();
  }

  @Test
  void fewerSitesThanSurveyCoefficientsIsAnInputErrorThatSaysHowToGoOn(@TempDir Path otherLake) {
    // four sites (two pioneers, two comparison) against the survey models' five coefficients:
    // intercept, treated_post and the dummies of waves 2013-2015 (site effects are absorbed)
    Column fourSites = col(PanelColumns.SITE_CODE).isin("S01", "S04", "S07", "S08");
    SparkSession spark = SparkTestSession.get();
    Lakehouse small = Lakehouse.at(spark, otherLake);
    writeLake(small, siteWavePanel(spark), fourSites);
    assertThatThrownBy(() -> OutcomeModelsJob.create(small, RUN_ID).execute())
        .isInstanceOf(PioneerEvalException.class)
        .satisfies(
            e -> assertThat(((PioneerEvalException) e).exitCode()).isEqualTo(ExitCode.INPUT_ERROR))
        .hasMessageStartingWith(
            "The outcome model SURVEY_MEAN_SCORE of outcome '"
                + PanelOutcome.OVERALL_SATISFACTION.columnName()
                + "' cannot be estimated: Only 4 PSUs for 5 coefficients")
        .hasMessageContaining("Add sites to the evaluation, or leave the outcome models out")
        .hasMessageContaining("--estimators");
    assertThat(small.exists(LakeTable.OUTCOME_MODELS)).isFalse();
  }

  // ---------------------------------------------------------------- assertions

  private static void assertNumbers(
      Expected x,
      double estimate,
      double ciLower,
      double ciUpper,
      double standardError,
      double pValue,
      double pHolm,
      double pBh) {
    double onEstimate = x.ppml() ? PPML_ESTIMATE : EXACT;
    double onSe = x.ppml() ? PPML_SE : EXACT;
    double onP = x.ppml() ? PPML_P : EXACT;
    assertRelative(estimate, x.estimate(), onEstimate, x.key() + " estimate");
    assertRelative(ciLower, x.ciLower(), onSe, x.key() + " CI lower");
    assertRelative(ciUpper, x.ciUpper(), onSe, x.key() + " CI upper");
    assertRelative(standardError, x.standardError(), onSe, x.key() + " SE");
    assertRelative(pValue, x.pValue(), onP, x.key() + " p");
    // adjusted p-values mix the family's models: the PPML tolerance for all of them
    assertRelative(pHolm, x.pHolm(), PPML_P, x.key() + " Holm");
    assertRelative(pBh, x.pBenjaminiHochberg(), PPML_P, x.key() + " BH");
  }

  private static void assertRelative(double actual, double expected, double relative, String what) {
    assertThat(actual).as(what).isCloseTo(expected, within(relative * Math.abs(expected)));
  }

  // ---------------------------------------------------------------- the lake

  private static List<Row> resultRows(String runId) {
    return lake.read(LakeTable.OUTCOME_MODELS, "estimate")
        .filter(col(OutcomeModelColumns.RUN_ID).equalTo(runId))
        .collectAsList();
  }

  private static PanelOutcome outcome(String columnName) {
    return Arrays.stream(PanelOutcome.values())
        .filter(o -> o.columnName().equals(columnName))
        .findFirst()
        .orElseThrow();
  }

  private static Dataset<Row> csv(SparkSession spark, String file, StructType schema) {
    return spark
        .read()
        .schema(schema)
        .option("header", "true")
        .option("mode", "FAILFAST")
        .csv(RESOURCES.resolve(file).toAbsolutePath().toString());
  }

  private static Dataset<Row> siteWavePanel(SparkSession spark) {
    return csv(
        spark,
        "site_wave.csv",
        new StructType()
            .add(PanelColumns.SITE_CODE, DataTypes.StringType)
            .add(PanelColumns.SURVEY_WAVE, DataTypes.IntegerType)
            .add(PanelColumns.TREATED_POST, DataTypes.BooleanType));
  }

  /** The panels and silver responses with only the columns the job reads. */
  private static void writeLake(Lakehouse target, Dataset<Row> siteWave) {
    writeLake(target, siteWave, lit(true));
  }

  /** The same, keeping only the sites {@code keep} selects. */
  private static void writeLake(Lakehouse target, Dataset<Row> siteWave, Column keep) {
    SparkSession spark = target.spark();
    Dataset<Row> siteMonth =
        csv(
            spark,
            "site_month.csv",
            new StructType()
                .add(PanelColumns.SITE_CODE, DataTypes.StringType)
                .add(PanelColumns.PERIOD_START, DataTypes.DateType)
                .add(PanelColumns.TREATED_POST, DataTypes.BooleanType)
                .add(PanelColumns.POPULATION, DataTypes.IntegerType)
                .add(PanelColumns.EMERGENCY_ADMISSIONS, DataTypes.LongType)
                .add(PanelColumns.ELECTIVE_ADMISSIONS, DataTypes.LongType)
                .add(PanelColumns.COST_GBP_BASE_YEAR, DataTypes.DoubleType));
    Dataset<Row> responses =
        csv(
            spark,
            "responses.csv",
            new StructType()
                .add(PatientExperienceColumns.SITE_CODE, DataTypes.StringType)
                .add(PatientExperienceColumns.SURVEY_WAVE, DataTypes.IntegerType)
                .add(PatientExperienceColumns.OVERALL_SATISFACTION, DataTypes.IntegerType)
                .add(PatientExperienceColumns.CARE_COORDINATED, DataTypes.IntegerType)
                .add(PatientExperienceColumns.INVOLVED_IN_DECISIONS, DataTypes.IntegerType)
                .add(PatientExperienceColumns.KNEW_WHOM_TO_CONTACT, DataTypes.IntegerType)
                .add(PatientExperienceColumns.SURVEY_WEIGHT, DataTypes.DoubleType));
    target.overwrite(LakeTable.SITE_MONTH_PANEL, siteMonth.filter(keep));
    target.overwrite(LakeTable.SITE_WAVE_PANEL, siteWave.filter(keep));
    target.overwrite(LakeTable.SILVER_PATIENT_EXPERIENCE, responses.filter(keep));
  }

  private static List<Expected> readExpected() {
    List<String> lines;
    try {
      lines = Files.readAllLines(RESOURCES.resolve("expected.csv"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(lines.get(0))
        .isEqualTo(
            "outcome,model,family,estimate,ci_lower,ci_upper,std_error,p_value,p_holm,"
                + "p_benjamini_hochberg,n_observations,n_clusters");
    List<Expected> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      out.add(
          new Expected(
              f[0],
              f[1],
              f[2],
              Double.parseDouble(f[3]),
              Double.parseDouble(f[4]),
              Double.parseDouble(f[5]),
              Double.parseDouble(f[6]),
              Double.parseDouble(f[7]),
              Double.parseDouble(f[8]),
              Double.parseDouble(f[9]),
              Long.parseLong(f[10]),
              Integer.parseInt(f[11])));
    }
    return out;
  }
}
