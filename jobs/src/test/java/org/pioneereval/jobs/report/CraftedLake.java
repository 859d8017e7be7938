package org.pioneereval.jobs.report;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.estimators.GoodmanBaconDecomposition.ComparisonType;
import org.pioneereval.jobs.cohort.MatchedCohortJob;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.EventStudyColumns;
import org.pioneereval.jobs.estimate.OutcomeModelsJob;
import org.pioneereval.jobs.estimate.StaggeredAdoptionJob;
import org.pioneereval.jobs.estimate.StaggeredColumns;
import org.pioneereval.jobs.ingest.IngestColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * A small lake with known rows in every table the report reads, written through {@link Lakehouse}
 * in the layouts the pipeline writes (column names from the stages' {@code *Columns} classes).
 * Numbers are chosen so that each rule of the report shows in the output:
 *
 * <ul>
 *   <li>26 sites: 10 comparison (C01..C10), wave 1 P01..P08 live from January 2014, wave 2 P09..P16
 *       live from July 2014; months 2013-01..2014-12; survey waves 2013 and 2015.
 *   <li>did_effects: every outcome, TWFE and 2x2, with the numbers in {@link #EFFECTS}; "knew whom
 *       to contact" rests on {@value #FEW_PIONEER_SITES} pioneer sites only (suppressed).
 *   <li>event_study: months -6..6 for the three site-month outcomes, leads {@link #lead}, lags
 *       {@link #lag}, intervals +-{@value #EVENT_HALF_WIDTH}; cost per capita has only 6 pioneer
 *       sites at months 6 and later ({@link #SITES_WITHOUT_LATE_COSTS}).
 *   <li>staggered_aggregations / att_gt / bacon_decomposition: emergency and elective admissions;
 *       in elective admissions wave 2 has only {@value #FEW_PIONEER_SITES} pioneer sites, so its
 *       wave estimate and event time {@value #WAVE2_ONLY_EVENT_TIME} (only wave 2 observed) are
 *       suppressed; overall satisfaction is NOT_ESTIMATED.
 *   <li>ingest_log and quarantine: small cells (see {@link #writeIngest}).
 * </ul>
 */
final class CraftedLake {

  private CraftedLake() {}

  static final String RUN_ID = "run-crafted";
  static final int COMPARISON_SITES = 10;
  static final int WAVE_SITES = 8;
  static final int FEW_PIONEER_SITES = 6;
  static final LocalDate FIRST_MONTH = LocalDate.of(2013, 1, 1);
  static final int MONTHS = 24;
  static final LocalDate WAVE1_GO_LIVE = LocalDate.of(2014, 1, 1);
  static final LocalDate WAVE2_GO_LIVE = LocalDate.of(2014, 7, 1);

  /** Period labels of the two cohorts in the staggered tables (month 1 = 2013-01). */
  static final int WAVE1_GROUP = 13;

  static final int WAVE2_GROUP = 19;
  static final int WAVE2_ONLY_EVENT_TIME = -15;

  /** Monthly admissions of every site-month, and the one site-month without a value. */
  static final long ADMISSIONS_PER_SITE_MONTH = 80;

  static final String SITE_MONTH_WITHOUT_EMERGENCY_RATE = "P16";
  static final LocalDate MONTH_WITHOUT_EMERGENCY_RATE = LocalDate.of(2013, 6, 1);
  static final long RESPONDENTS_PER_SITE_WAVE = 30;

  /**
   * Two wave-1 sites without costs from July 2014 (6 months from go-live on): only 6 pioneer sites
   * are behind the event study's binned end point +6 of cost per capita (wave 2 is never seen 6
   * months after its go-live).
   */
  static final List<String> SITES_WITHOUT_LATE_COSTS = List.of("P01", "P02");

  static final LocalDate LATE_COSTS_FROM = LocalDate.of(2014, 7, 1);

  static final double EVENT_HALF_WIDTH = 0.2;

  /** The wild bootstrap specification stored with the TWFE rows (not the pipeline's defaults). */
  static final int BOOTSTRAP_DRAWS = 499;

  static final long BOOTSTRAP_SEED = 4242;

  /** One crafted row of did_effects. */
  record Effect(
      PanelOutcome outcome,
      Estimator estimator,
      double estimate,
      double lower,
      double upper,
      double p,
      Double wildP,
      int pioneers,
      int comparisons,
      double baseline,
      double relative,
      Double preTrendF,
      Double preTrendP) {}

  static final List<Effect> EFFECTS =
      List.of(
          twfe(
              PanelOutcome.EMERGENCY_ADMISSIONS_RATE,
              -0.42,
              -0.63,
              -0.21,
              0.0004,
              0.012,
              16,
              8.4,
              -0.05,
              1.25,
              0.316),
          twoByTwo(
              PanelOutcome.EMERGENCY_ADMISSIONS_RATE, -0.38, -0.70, -0.06, 0.021, 16, 8.4, -0.045),
          twfe(
              PanelOutcome.ELECTIVE_ADMISSIONS_RATE,
              0.05,
              -0.10,
              0.20,
              0.51,
              0.547,
              16,
              5.0,
              0.01,
              4.10,
              0.004),
          twoByTwo(PanelOutcome.ELECTIVE_ADMISSIONS_RATE, 0.07, -0.12, 0.26, 0.45, 16, 5.0, 0.014),
          twfe(
              PanelOutcome.COST_PER_CAPITA,
              -3.5,
              -5.0,
              -2.0,
              0.0002,
              0.004,
              16,
              90.0,
              -0.0389,
              0.80,
              0.558),
          twoByTwo(PanelOutcome.COST_PER_CAPITA, -3.1, -5.2, -1.0, 0.006, 16, 90.0, -0.0344),
          twfe(
              PanelOutcome.OVERALL_SATISFACTION,
              -0.04,
              -0.07,
              -0.01,
              0.012,
              0.020,
              16,
              3.9,
              -0.0103,
              null,
              null),
          twoByTwo(PanelOutcome.OVERALL_SATISFACTION, -0.05, -0.08, -0.02, 0.004, 16, 3.9, -0.0128),
          twfe(
              PanelOutcome.CARE_COORDINATED,
              0.11,
              0.08,
              0.14,
              0.0001,
              0.001,
              16,
              3.5,
              0.0314,
              null,
              null),
          twoByTwo(PanelOutcome.CARE_COORDINATED, 0.12, 0.07, 0.17, 0.0003, 16, 3.5, 0.0343),
          twfe(
              PanelOutcome.INVOLVED_IN_DECISIONS,
              -0.18,
              -0.21,
              -0.15,
              0.0001,
              0.001,
              16,
              3.6,
              -0.05,
              null,
              null),
          twoByTwo(
              PanelOutcome.INVOLVED_IN_DECISIONS, -0.16, -0.20, -0.12, 0.0001, 16, 3.6, -0.0444),
          twfe(
              PanelOutcome.KNEW_WHOM_TO_CONTACT,
              0.777,
              0.555,
              0.999,
              0.0001,
              0.001,
              FEW_PIONEER_SITES,
              3.7,
              0.21,
              null,
              null),
          twoByTwo(
              PanelOutcome.KNEW_WHOM_TO_CONTACT,
              0.666,
              0.444,
              0.888,
              0.0001,
              FEW_PIONEER_SITES,
              3.7,
              0.18));

  private static Effect twfe(
      PanelOutcome o,
      double estimate,
      double lower,
      double upper,
      double p,
      double wildP,
      int pioneers,
      double baseline,
      double relative,
      Double preF,
      Double preP) {
    return new Effect(
        o,
        Estimator.TWFE,
        estimate,
        lower,
        upper,
        p,
        wildP,
        pioneers,
        COMPARISON_SITES,
        baseline,
        relative,
        preF,
        preP);
  }

  private static Effect twoByTwo(
      PanelOutcome o,
      double estimate,
      double lower,
      double upper,
      double p,
      int pioneers,
      double baseline,
      double relative) {
    return new Effect(
        o,
        Estimator.DID_2X2,
        estimate,
        lower,
        upper,
        p,
        null,
        pioneers,
        COMPARISON_SITES,
        baseline,
        relative,
        null,
        null);
  }

  /** Event-study lead (months -6..-2): small and alternating around zero. */
  static double lead(int eventTime) {
    return (eventTime % 2 == 0 ? 1 : -1) * 0.01 * -eventTime;
  }

  /** Event-study lag (months 0..6): the outcome's TWFE effect plus 0.01 per month. */
  static double lag(double twfe, int eventTime) {
    return twfe + 0.01 * (eventTime - 3);
  }

  static Lakehouse write(SparkSession spark, java.nio.file.Path folder) {
    Lakehouse lake = Lakehouse.at(spark, folder);
    writePanels(lake);
    writeEffects(lake);
    writeEventStudy(lake);
    writeStaggered(lake);
    writeOutcomeModels(lake);
    writeCohort(lake);
    writePatientPanel(lake);
    writeIngest(lake);
    return lake;
  }

  /** A lake in which only did_effects exists (e.g. an estimate stage run on a copied table). */
  static Lakehouse writeEffectsOnly(SparkSession spark, java.nio.file.Path folder) {
    Lakehouse lake = Lakehouse.at(spark, folder);
    writeEffects(lake);
    return lake;
  }

  /**
   * Outcome models: emergency admissions' rate ratio 0.9512 [0.9011, 1.0041], p 0.0702, Holm
   * 0.2808, BH 0.1404; care coordination's top box +6.25 pp; knew-whom-to-contact's score (its TWFE
   * rests on 6 pioneer sites, so it must be suppressed here too).
   */
  static final List<Object[]> OUTCOME_MODELS =
      List.of(
          new Object[] {
            PanelOutcome.EMERGENCY_ADMISSIONS_RATE,
            OutcomeModelsJob.Model.PPML_RATE_RATIO,
            "primary",
            0.9512,
            0.9011,
            1.0041,
            0.0276,
            0.0702,
            0.2808,
            0.1404
          },
          new Object[] {
            PanelOutcome.CARE_COORDINATED,
            OutcomeModelsJob.Model.SURVEY_TOP_BOX,
            "secondary",
            6.25,
            2.5,
            10.0,
            1.91,
            0.0011,
            0.0044,
            0.0044
          },
          new Object[] {
            PanelOutcome.KNEW_WHOM_TO_CONTACT,
            OutcomeModelsJob.Model.SURVEY_MEAN_SCORE,
            "primary",
            0.12,
            0.05,
            0.19,
            0.035,
            0.0009,
            0.0063,
            0.0063
          });

  private static void writeOutcomeModels(Lakehouse lake) {
    List<Row> rows = new ArrayList<>();
    Timestamp at = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
    for (Object[] m : OUTCOME_MODELS) {
      PanelOutcome o = (PanelOutcome) m[0];
      OutcomeModelsJob.Model model = (OutcomeModelsJob.Model) m[1];
      rows.add(
          RowFactory.create(
              RUN_ID,
              o.columnName(),
              o.label(),
              model.name(),
              model.scale(),
              m[2],
              m[3],
              m[4],
              m[5],
              m[6],
              m[7],
              m[8],
              m[9],
              1200L,
              26,
              "{}",
              at));
    }
    lake.overwrite(
        LakeTable.OUTCOME_MODELS, lake.spark().createDataFrame(rows, OutcomeModelsJob.SCHEMA));
  }

  /**
   * Patient x month panel: emergency admissions -0.3875 [-0.6100, -0.1650] per 1,000 per month on
   * 120,000 residents (48,000 treated), p 0.0012; elective admissions on 5 treated residents (must
   * be suppressed); inpatient cost 1.25 [-0.75, 3.25] GBP, without a site-level counterpart.
   */
  private static void writePatientPanel(Lakehouse lake) {
    Timestamp at = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
    List<Row> rows = new ArrayList<>();
    Object[][] values = {
      {"emergency_admissions", "emergency_admissions_rate", -0.3875, -0.61, -0.165, 0.0012, 48000L},
      {"elective_admissions", "elective_admissions_rate", 0.0456, -0.2, 0.29, 0.71, 5L},
      {"inpatient_cost", null, 1.25, -0.75, 3.25, 0.22, 48000L}
    };
    for (Object[] v : values) {
      org.pioneereval.jobs.cohort.CohortOutcome o =
          org.pioneereval.jobs.cohort.CohortOutcome.fromColumnName((String) v[0]);
      rows.add(
          RowFactory.create(
              RUN_ID,
              o.columnName(),
              o.label(),
              org.pioneereval.jobs.estimate.PatientPanelJob.unit(o),
              v[1],
              v[2],
              0.11,
              v[3],
              v[4],
              v[5],
              44.0,
              11_520_000L,
              120_000L,
              v[6],
              45,
              "CR1_STATA",
              "{}",
              at));
    }
    lake.overwrite(
        LakeTable.PATIENT_PANEL_EFFECTS,
        lake.spark().createDataFrame(rows, org.pioneereval.jobs.estimate.PatientPanelJob.SCHEMA));
  }

  /**
   * Matched cohort: the matched emergency rate ratio 0.9400 [0.8800, 1.0040] on 812 treated and
   * 3,248 controls, p 0.0650, Holm 0.1300, BH 0.0976; an unmatched elective difference resting on 5
   * controls (must be suppressed); balance of two covariates.
   */
  private static void writeCohort(Lakehouse lake) {
    Timestamp at = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
    List<Row> effects =
        List.of(
            RowFactory.create(
                RUN_ID,
                "matched",
                "emergency_admissions",
                "Emergency admissions",
                "RATE_RATIO",
                "rate ratio",
                "primary",
                0.94,
                0.88,
                1.004,
                0.033,
                0.065,
                0.13,
                0.0976,
                41.0,
                812L,
                3248L,
                42,
                0.6123,
                0.4321,
                0.6011,
                0.4555,
                "{}",
                at),
            RowFactory.create(
                RUN_ID,
                "unmatched",
                "elective_admissions",
                "Elective admissions",
                "DIFFERENCE",
                "admissions per patient-year",
                "secondary",
                -0.0123,
                -0.05,
                0.025,
                0.019,
                0.52,
                0.9,
                0.8,
                41.0,
                812L,
                5L,
                42,
                0.21,
                0.2,
                0.19,
                0.2,
                "{}",
                at));
    lake.overwrite(
        LakeTable.COHORT_EFFECTS,
        lake.spark().createDataFrame(effects, MatchedCohortJob.EFFECTS_SCHEMA));
    List<Row> balance =
        List.of(
            RowFactory.create(
                RUN_ID,
                "prior_emergency_admissions",
                "Emergency admissions, prior 12 months",
                false,
                0.9,
                0.12,
                0.85,
                3.1,
                0.88,
                0.86,
                0.025,
                1.05,
                at),
            RowFactory.create(
                RUN_ID,
                "long_term_condition",
                "Long-term condition",
                true,
                0.4,
                0.2,
                0.41,
                Double.NaN,
                0.4,
                0.39,
                0.02,
                Double.NaN,
                at));
    lake.overwrite(
        LakeTable.COHORT_BALANCE,
        lake.spark().createDataFrame(balance, MatchedCohortJob.BALANCE_SCHEMA));
  }

  static String site(int i) {
    return i < COMPARISON_SITES
        ? String.format("C%02d", i + 1)
        : String.format("P%02d", i - COMPARISON_SITES + 1);
  }

  static Long wave(int i) {
    return i < COMPARISON_SITES ? null : i < COMPARISON_SITES + WAVE_SITES ? 1L : 2L;
  }

  static LocalDate goLive(int i) {
    Long w = wave(i);
    return w == null ? null : w == 1 ? WAVE1_GO_LIVE : WAVE2_GO_LIVE;
  }

  private static void writePanels(Lakehouse lake) {
    int sites = COMPARISON_SITES + 2 * WAVE_SITES;
    List<Row> months = new ArrayList<>();
    for (int i = 0; i < sites; i++) {
      LocalDate live = goLive(i);
      for (int m = 0; m < MONTHS; m++) {
        LocalDate month = FIRST_MONTH.plusMonths(m);
        boolean treated = live != null && !month.isBefore(live);
        Integer eventTime =
            live == null ? null : (int) java.time.temporal.ChronoUnit.MONTHS.between(live, month);
        boolean missing =
            site(i).equals(SITE_MONTH_WITHOUT_EMERGENCY_RATE)
                && month.equals(MONTH_WITHOUT_EMERGENCY_RATE);
        boolean costMissing =
            SITES_WITHOUT_LATE_COSTS.contains(site(i)) && !month.isBefore(LATE_COSTS_FROM);
        double base = 8 + 0.05 * i + 0.02 * m;
        months.add(
            RowFactory.create(
                site(i),
                Date.valueOf(month),
                Date.valueOf(month),
                live == null ? "comparison" : "pioneer",
                wave(i),
                live == null ? null : Date.valueOf(live),
                live != null,
                treated,
                eventTime,
                10_000L,
                ADMISSIONS_PER_SITE_MONTH,
                50L,
                missing ? null : base - (treated ? 0.42 : 0),
                5.0 + 0.01 * i + (treated ? 0.05 : 0),
                900_000.0,
                costMissing ? null : 90.0 + 0.1 * i + 0.05 * m - (treated ? 3.5 : 0)));
      }
    }
    StructType monthSchema =
        new StructType()
            .add(PanelColumns.SITE_CODE, DataTypes.StringType)
            .add(PanelColumns.PERIOD_MONTH, DataTypes.DateType)
            .add(PanelColumns.PERIOD_START, DataTypes.DateType)
            .add(PanelColumns.SITE_TYPE, DataTypes.StringType)
            .add(PanelColumns.WAVE, DataTypes.LongType)
            .add(PanelColumns.GO_LIVE_DATE, DataTypes.DateType)
            .add(PanelColumns.PIONEER, DataTypes.BooleanType)
            .add(PanelColumns.TREATED_POST, DataTypes.BooleanType)
            .add(PanelColumns.EVENT_TIME_MONTHS, DataTypes.IntegerType)
            .add(PanelColumns.POPULATION, DataTypes.LongType)
            .add(PanelColumns.EMERGENCY_ADMISSIONS, DataTypes.LongType)
            .add(PanelColumns.ELECTIVE_ADMISSIONS, DataTypes.LongType)
            .add(PanelOutcome.EMERGENCY_ADMISSIONS_RATE.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.ELECTIVE_ADMISSIONS_RATE.columnName(), DataTypes.DoubleType)
            .add(PanelColumns.COST_GBP_BASE_YEAR, DataTypes.DoubleType)
            .add(PanelOutcome.COST_PER_CAPITA.columnName(), DataTypes.DoubleType);
    lake.overwrite(LakeTable.SITE_MONTH_PANEL, lake.spark().createDataFrame(months, monthSchema));

    List<Row> waves = new ArrayList<>();
    for (int i = 0; i < sites; i++) {
      LocalDate live = goLive(i);
      boolean asked = live == null || i < COMPARISON_SITES + FEW_PIONEER_SITES;
      for (int year : new int[] {2013, 2015}) {
        LocalDate start = LocalDate.of(year, 1, 1);
        boolean treated = live != null && !start.isBefore(live);
        double shift = treated ? 0.1 : 0;
        waves.add(
            RowFactory.create(
                site(i),
                year,
                Date.valueOf(start),
                live == null ? "comparison" : "pioneer",
                wave(i),
                live == null ? null : Date.valueOf(live),
                live != null,
                treated,
                RESPONDENTS_PER_SITE_WAVE,
                30.0,
                3.9 + 0.01 * i - shift / 2,
                3.5 + 0.01 * i + shift,
                3.6 + 0.01 * i - shift,
                asked ? 3.7 + 0.01 * i + shift : null));
      }
    }
    StructType waveSchema =
        new StructType()
            .add(PanelColumns.SITE_CODE, DataTypes.StringType)
            .add(PanelColumns.SURVEY_WAVE, DataTypes.IntegerType)
            .add(PanelColumns.PERIOD_START, DataTypes.DateType)
            .add(PanelColumns.SITE_TYPE, DataTypes.StringType)
            .add(PanelColumns.WAVE, DataTypes.LongType)
            .add(PanelColumns.GO_LIVE_DATE, DataTypes.DateType)
            .add(PanelColumns.PIONEER, DataTypes.BooleanType)
            .add(PanelColumns.TREATED_POST, DataTypes.BooleanType)
            .add(PanelColumns.RESPONDENTS, DataTypes.LongType)
            .add(PanelColumns.SUM_WEIGHTS, DataTypes.DoubleType)
            .add(PanelOutcome.OVERALL_SATISFACTION.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.CARE_COORDINATED.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.INVOLVED_IN_DECISIONS.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.KNEW_WHOM_TO_CONTACT.columnName(), DataTypes.DoubleType);
    lake.overwrite(LakeTable.SITE_WAVE_PANEL, lake.spark().createDataFrame(waves, waveSchema));
  }

  static String twfeSpecification(PanelOutcome o) {
    return "{\"estimator\":\"TWFE\",\"outcome\":\""
        + o.columnName()
        + "\",\"cluster\":\"site\",\"variance\":\"CR1_STATA\","
        + "\"comparison\":\"comparison sites (never pioneers)\","
        + "\"wild_bootstrap\":{\"draws\":"
        + BOOTSTRAP_DRAWS
        + ",\"weights\":\"WEBB\",\"restricted\":true,\"seed\":"
        + BOOTSTRAP_SEED
        + "}"
        + (o.level() == PanelOutcome.Level.SITE_MONTH
            ? ",\"pre_trend_test\":{\"event_study_window\":[-6,6],\"reference_month\":-1,"
                + "\"endpoints\":\"binned\",\"leads_tested\":[-5,-2]}"
            : "")
        + "}";
  }

  private static void writeEffects(Lakehouse lake) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Effect e : EFFECTS) {
      PanelOutcome o = e.outcome();
      rows.add(
          RowFactory.create(
              RUN_ID,
              o.columnName(),
              o.label(),
              o.unit(),
              o.level().name(),
              e.estimator().name(),
              e.estimate(),
              (e.upper() - e.lower()) / 4,
              e.p(),
              e.wildP(),
              e.lower(),
              e.upper(),
              (double) (e.pioneers() + e.comparisons() - 1),
              1000L,
              e.pioneers() + e.comparisons(),
              e.pioneers(),
              e.comparisons(),
              e.baseline(),
              e.relative(),
              "CR1_STATA",
              e.estimator() == Estimator.TWFE
                  ? twfeSpecification(o)
                  : "{\"estimator\":\"DID_2X2\",\"comparison\":\"comparison sites (never pioneers)\"}",
              now,
              e.preTrendF(),
              e.preTrendF() == null ? null : 4,
              e.preTrendF() == null ? null : 25.0,
              e.preTrendP()));
    }
    StructType schema =
        new StructType()
            .add(EffectColumns.RUN_ID, DataTypes.StringType)
            .add(EffectColumns.OUTCOME, DataTypes.StringType)
            .add(EffectColumns.OUTCOME_LABEL, DataTypes.StringType)
            .add(EffectColumns.UNIT, DataTypes.StringType)
            .add(EffectColumns.PANEL, DataTypes.StringType)
            .add(EffectColumns.ESTIMATOR, DataTypes.StringType)
            .add(EffectColumns.ESTIMATE, DataTypes.DoubleType)
            .add(EffectColumns.STD_ERROR, DataTypes.DoubleType)
            .add(EffectColumns.P_VALUE, DataTypes.DoubleType)
            .add(EffectColumns.WILD_BOOTSTRAP_P_VALUE, DataTypes.DoubleType)
            .add(EffectColumns.CI_LOWER, DataTypes.DoubleType)
            .add(EffectColumns.CI_UPPER, DataTypes.DoubleType)
            .add(EffectColumns.DEGREES_OF_FREEDOM, DataTypes.DoubleType)
            .add(EffectColumns.N_OBSERVATIONS, DataTypes.LongType)
            .add(EffectColumns.N_CLUSTERS, DataTypes.IntegerType)
            .add(EffectColumns.N_PIONEER_SITES, DataTypes.IntegerType)
            .add(EffectColumns.N_COMPARISON_SITES, DataTypes.IntegerType)
            .add(EffectColumns.BASELINE_MEAN, DataTypes.DoubleType)
            .add(EffectColumns.RELATIVE_EFFECT, DataTypes.DoubleType)
            .add(EffectColumns.VARIANCE_TYPE, DataTypes.StringType)
            .add(EffectColumns.SPECIFICATION, DataTypes.StringType)
            .add(EffectColumns.ESTIMATED_AT, DataTypes.TimestampType)
            .add(EffectColumns.PRE_TREND_WALD_F, DataTypes.DoubleType)
            .add(EffectColumns.PRE_TREND_WALD_DF1, DataTypes.IntegerType)
            .add(EffectColumns.PRE_TREND_WALD_DF2, DataTypes.DoubleType)
            .add(EffectColumns.PRE_TREND_WALD_P_VALUE, DataTypes.DoubleType);
    lake.overwrite(LakeTable.DID_EFFECTS, lake.spark().createDataFrame(rows, schema));
  }

  static Effect effect(PanelOutcome o, Estimator estimator) {
    return EFFECTS.stream()
        .filter(e -> e.outcome() == o && e.estimator() == estimator)
        .findFirst()
        .orElseThrow();
  }

  private static void writeEventStudy(Lakehouse lake) {
    List<Row> rows = new ArrayList<>();
    for (PanelOutcome o : PanelOutcome.values()) {
      if (o.level() != PanelOutcome.Level.SITE_MONTH) {
        continue;
      }
      double twfe = effect(o, Estimator.TWFE).estimate();
      for (int e = -6; e <= 6; e++) {
        boolean reference = e == -1;
        double estimate = reference ? 0 : e < 0 ? lead(e) : lag(twfe, e);
        rows.add(
            RowFactory.create(
                RUN_ID,
                o.columnName(),
                e,
                estimate,
                reference ? null : EVENT_HALF_WIDTH / 1.96,
                reference ? null : estimate - EVENT_HALF_WIDTH,
                reference ? null : estimate + EVENT_HALF_WIDTH,
                reference,
                e == -6 || e == 6));
      }
    }
    StructType schema =
        new StructType()
            .add(EventStudyColumns.RUN_ID, DataTypes.StringType)
            .add(EventStudyColumns.OUTCOME, DataTypes.StringType)
            .add(EventStudyColumns.EVENT_TIME, DataTypes.IntegerType)
            .add(EventStudyColumns.ESTIMATE, DataTypes.DoubleType)
            .add(EventStudyColumns.STD_ERROR, DataTypes.DoubleType)
            .add(EventStudyColumns.CI_LOWER, DataTypes.DoubleType)
            .add(EventStudyColumns.CI_UPPER, DataTypes.DoubleType)
            .add(EventStudyColumns.IS_REFERENCE, DataTypes.BooleanType)
            .add(EventStudyColumns.IS_BINNED_ENDPOINT, DataTypes.BooleanType);
    lake.overwrite(LakeTable.EVENT_STUDY, lake.spark().createDataFrame(rows, schema));
  }

  /** CS estimate of an outcome's row (emergency: -0.45 overall, -0.50 wave 1, -0.40 wave 2). */
  static final double CS_SIMPLE_EMERGENCY = -0.45;

  static final double CS_WAVE1_EMERGENCY = -0.50;
  static final double CS_WAVE2_EMERGENCY = -0.40;
  static final double SA_EMERGENCY = -0.44;
  static final double CS_PRE_TEST_CHI2 = 10.5;
  static final int CS_PRE_TEST_DF = 12;
  static final double CS_PRE_TEST_P = 0.572;

  /** Goodman-Bacon weights of emergency admissions: 80%, 12%, 8%. */
  static final double[] BACON_WEIGHTS = {0.80, 0.12, 0.08};

  static final double[] BACON_ESTIMATES = {-0.45, -0.30, -0.10};

  private static void writeStaggered(Lakehouse lake) {
    Timestamp now = Timestamp.from(Instant.now());
    String spec =
        "{\"panel\":\"SITE_MONTH\",\"balancing\":{\"min_site_share_per_period\":0.5},"
            + "\"cs\":{\"comparison\":\"NEVER_TREATED\",\"base_period\":\"VARYING\","
            + "\"se\":\"analytic, clustered by site\",\"dynamic_window\":[-24,36]},"
            + "\"sa\":{\"reference_period\":-1,\"variance\":\"CR1_STATA\"},"
            + "\"uniform_bands\":{\"draws\":999,\"weights\":\"RADEMACHER\",\"seed\":20131101}}";
    List<Row> aggregations = new ArrayList<>();
    List<Row> attGt = new ArrayList<>();
    List<Row> bacon = new ArrayList<>();
    for (PanelOutcome o :
        List.of(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, PanelOutcome.ELECTIVE_ADMISSIONS_RATE)) {
      boolean elective = o == PanelOutcome.ELECTIVE_ADMISSIONS_RATE;
      int wave2Sites = elective ? FEW_PIONEER_SITES : WAVE_SITES;
      int pioneers = WAVE_SITES + wave2Sites;
      double shift = elective ? 0.5 : 0;
      aggregations.add(
          agg(
              o,
              "CS",
              "SIMPLE",
              "overall",
              null,
              null,
              CS_SIMPLE_EMERGENCY + shift,
              0.07,
              null,
              null,
              null,
              spec,
              pioneers,
              now));
      aggregations.add(
          agg(
              o,
              "CS",
              "GROUP",
              Integer.toString(WAVE1_GROUP),
              WAVE1_GROUP,
              WAVE1_GO_LIVE,
              CS_WAVE1_EMERGENCY + shift,
              0.01,
              null,
              null,
              null,
              spec,
              pioneers,
              now));
      aggregations.add(
          agg(
              o,
              "CS",
              "GROUP",
              Integer.toString(WAVE2_GROUP),
              WAVE2_GROUP,
              WAVE2_GO_LIVE,
              CS_WAVE2_EMERGENCY + shift,
              0.03,
              null,
              null,
              null,
              spec,
              pioneers,
              now));
      aggregations.add(
          agg(
              o,
              "CS",
              "GROUP",
              "overall",
              null,
              null,
              -0.46 + shift,
              0.002,
              null,
              null,
              null,
              spec,
              pioneers,
              now));
      List<Integer> dynamicKeys = new ArrayList<>(Arrays.asList(-3, -2, -1, 0, 1, 2, 3));
      dynamicKeys.add(0, WAVE2_ONLY_EVENT_TIME);
      for (int e : dynamicKeys) {
        double est = e < 0 ? 0.01 * e : -0.45 + shift - 0.01 * e;
        aggregations.add(
            agg(
                o,
                "CS",
                "DYNAMIC",
                Integer.toString(e),
                e,
                null,
                est,
                0.2,
                null,
                null,
                null,
                spec,
                pioneers,
                now));
      }
      aggregations.add(
          agg(
              o,
              "CS",
              "DYNAMIC",
              "overall",
              null,
              null,
              -0.47 + shift,
              0.001,
              null,
              null,
              null,
              spec,
              pioneers,
              now));
      aggregations.add(
          agg(
              o,
              "CS",
              StaggeredAdoptionJob.PRE_TEST,
              "overall",
              null,
              null,
              null,
              CS_PRE_TEST_P,
              CS_PRE_TEST_CHI2,
              CS_PRE_TEST_DF,
              null,
              spec,
              pioneers,
              now));
      aggregations.add(
          agg(
              o,
              "SA",
              "SIMPLE",
              "overall",
              null,
              null,
              SA_EMERGENCY + shift,
              0.09,
              null,
              null,
              null,
              spec,
              pioneers,
              now));
      for (int g : new int[] {WAVE1_GROUP, WAVE2_GROUP}) {
        for (int period = 1; period <= MONTHS; period++) {
          attGt.add(
              RowFactory.create(
                  RUN_ID,
                  o.columnName(),
                  g,
                  period,
                  period - g,
                  -0.4,
                  g == WAVE1_GROUP ? WAVE_SITES : wave2Sites,
                  COMPARISON_SITES));
        }
      }
      ComparisonType[] types = {
        ComparisonType.TREATED_VS_NEVER_TREATED,
        ComparisonType.EARLIER_VS_LATER_TREATED,
        ComparisonType.LATER_VS_EARLIER_TREATED
      };
      for (int t = 0; t < types.length; t++) {
        bacon.add(
            RowFactory.create(
                RUN_ID,
                o.columnName(),
                "SITE_MONTH",
                types[t].name(),
                BACON_WEIGHTS[t],
                BACON_ESTIMATES[t] + shift,
                t == 0 ? 2 : 1,
                effect(o, Estimator.TWFE).estimate(),
                26,
                MONTHS));
      }
    }
    aggregations.add(
        agg(
            PanelOutcome.OVERALL_SATISFACTION,
            "CS",
            StaggeredAdoptionJob.NOT_ESTIMATED,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "only 2 survey waves: no period before the first cohort",
            "{}",
            null,
            now));
    StructType aggregationSchema =
        new StructType()
            .add(StaggeredColumns.RUN_ID, DataTypes.StringType)
            .add(StaggeredColumns.OUTCOME, DataTypes.StringType)
            .add(StaggeredColumns.ESTIMATOR, DataTypes.StringType)
            .add(StaggeredColumns.AGGREGATION, DataTypes.StringType)
            .add(StaggeredColumns.KEY, DataTypes.StringType)
            .add(StaggeredColumns.KEY_VALUE, DataTypes.IntegerType)
            .add(StaggeredColumns.KEY_PERIOD_START, DataTypes.DateType)
            .add(StaggeredColumns.ESTIMATE, DataTypes.DoubleType)
            .add(StaggeredColumns.STD_ERROR, DataTypes.DoubleType)
            .add(StaggeredColumns.CI_LOWER, DataTypes.DoubleType)
            .add(StaggeredColumns.CI_UPPER, DataTypes.DoubleType)
            .add(StaggeredColumns.UNIFORM_CI_LOWER, DataTypes.DoubleType)
            .add(StaggeredColumns.UNIFORM_CI_UPPER, DataTypes.DoubleType)
            .add(StaggeredColumns.P_VALUE, DataTypes.DoubleType)
            .add(StaggeredColumns.CHI_SQUARED, DataTypes.DoubleType)
            .add(StaggeredColumns.CHI_SQUARED_DF, DataTypes.IntegerType)
            .add(StaggeredColumns.NOTE, DataTypes.StringType)
            .add(StaggeredColumns.SPECIFICATION, DataTypes.StringType)
            .add(StaggeredColumns.N_PIONEER_SITES, DataTypes.IntegerType)
            .add(StaggeredColumns.N_COMPARISON_SITES, DataTypes.IntegerType)
            .add(StaggeredColumns.ESTIMATED_AT, DataTypes.TimestampType);
    lake.overwrite(
        LakeTable.STAGGERED_AGGREGATIONS,
        lake.spark().createDataFrame(aggregations, aggregationSchema));
    StructType attGtSchema =
        new StructType()
            .add(StaggeredColumns.RUN_ID, DataTypes.StringType)
            .add(StaggeredColumns.OUTCOME, DataTypes.StringType)
            .add(StaggeredColumns.GROUP, DataTypes.IntegerType)
            .add(StaggeredColumns.PERIOD, DataTypes.IntegerType)
            .add(StaggeredColumns.EVENT_TIME, DataTypes.IntegerType)
            .add(StaggeredColumns.ATT, DataTypes.DoubleType)
            .add(StaggeredColumns.TREATED_UNITS, DataTypes.IntegerType)
            .add(StaggeredColumns.COMPARISON_UNITS, DataTypes.IntegerType);
    lake.overwrite(LakeTable.ATT_GT, lake.spark().createDataFrame(attGt, attGtSchema));
    StructType baconSchema =
        new StructType()
            .add(StaggeredColumns.RUN_ID, DataTypes.StringType)
            .add(StaggeredColumns.OUTCOME, DataTypes.StringType)
            .add(StaggeredColumns.PANEL, DataTypes.StringType)
            .add(StaggeredColumns.COMPARISON_TYPE, DataTypes.StringType)
            .add(StaggeredColumns.WEIGHT, DataTypes.DoubleType)
            .add(StaggeredColumns.ESTIMATE, DataTypes.DoubleType)
            .add(StaggeredColumns.COMPARISONS, DataTypes.IntegerType)
            .add(StaggeredColumns.TWFE, DataTypes.DoubleType)
            .add(StaggeredColumns.N_SITES, DataTypes.IntegerType)
            .add(StaggeredColumns.N_PERIODS, DataTypes.IntegerType);
    lake.overwrite(LakeTable.BACON_DECOMPOSITION, lake.spark().createDataFrame(bacon, baconSchema));
  }

  /** A staggered aggregation row: CI is estimate +- 0.1, the uniform band +- 0.15. */
  private static Row agg(
      PanelOutcome o,
      String estimator,
      String aggregation,
      String key,
      Integer keyValue,
      LocalDate keyStart,
      Double estimate,
      Double p,
      Double chi2,
      Integer df,
      String note,
      String spec,
      Integer pioneers,
      Timestamp now) {
    return RowFactory.create(
        RUN_ID,
        o.columnName(),
        estimator,
        aggregation,
        key,
        keyValue,
        keyStart == null ? null : Date.valueOf(keyStart),
        estimate,
        estimate == null ? null : 0.05,
        estimate == null ? null : estimate - 0.1,
        estimate == null ? null : estimate + 0.1,
        estimate == null ? null : estimate - 0.15,
        estimate == null ? null : estimate + 0.15,
        p,
        chi2,
        df,
        note,
        spec,
        pioneers,
        pioneers == null ? null : COMPARISON_SITES,
        now);
  }

  /**
   * The ingest ledger and quarantine, with small cells:
   *
   * <ul>
   *   <li>admissions: 1,000 + 1,200 rows received in two accepted drops, 5 of them quarantined (3
   *       by {@code adm.los_non_negative}, 2 by {@code adm.dates_ordered}), a third drop refused;
   *   <li>costs: one drop of 4 rows, all accepted;
   *   <li>patient_experience: batches 2013 (600 received, 20 quarantined) and 2015 (400, 3), the 23
   *       quarantined rows broke {@code pe.likert_range} (17) or {@code pe.weight_positive} (6);
   *   <li>population: 520 rows, all accepted.
   * </ul>
   */
  private static void writeIngest(Lakehouse lake) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> log = new ArrayList<>();
    log.add(logRow("admissions", "P01", "2013-01", "ACCEPTED", null, 1000, 995, 5, now));
    log.add(logRow("admissions", "P02", "2013-02", "ACCEPTED", null, 1200, 1200, 0, now));
    log.add(logRow("admissions", "P03", "2013-03", "REFUSED", "CHECKSUM_MISMATCH", 0, 0, 0, now));
    log.add(logRow("costs", "P01", "2013-01", "ACCEPTED", null, 4, 4, 0, now));
    log.add(logRow("patient_experience", "P01", "2013", "ACCEPTED", null, 600, 580, 20, now));
    log.add(logRow("patient_experience", "P02", "2015", "ACCEPTED", null, 400, 397, 3, now));
    log.add(logRow("population", "ALL", "2013-14", "ACCEPTED", null, 520, 520, 0, now));
    StructType logSchema =
        new StructType()
            .add(IngestColumns.INGEST_RUN_ID, DataTypes.StringType)
            .add(IngestColumns.DROP_ID, DataTypes.StringType)
            .add(IngestColumns.EXTRACT, DataTypes.StringType)
            .add(IngestColumns.DROP_SITE, DataTypes.StringType)
            .add(IngestColumns.DROP_BATCH, DataTypes.StringType)
            .add(IngestColumns.CONTRACT_VERSION, DataTypes.StringType)
            .add(IngestColumns.STATUS, DataTypes.StringType)
            .add(IngestColumns.REASON, DataTypes.StringType)
            .add(IngestColumns.MESSAGE, DataTypes.StringType)
            .add(IngestColumns.ROWS_RECEIVED, DataTypes.LongType)
            .add(IngestColumns.ROWS_ACCEPTED, DataTypes.LongType)
            .add(IngestColumns.ROWS_QUARANTINED, DataTypes.LongType)
            .add(IngestColumns.INGESTED_AT, DataTypes.TimestampType);
    lake.overwrite(LakeTable.INGEST_LOG, lake.spark().createDataFrame(log, logSchema));
    List<Row> quarantine = new ArrayList<>();
    addQuarantined(quarantine, "admissions", "admissions/P01/2013-01", "adm.los_non_negative", 3);
    addQuarantined(quarantine, "admissions", "admissions/P01/2013-01", "adm.dates_ordered", 2);
    addQuarantined(
        quarantine, "patient_experience", "patient_experience/P01/2013", "pe.likert_range", 17);
    addQuarantined(
        quarantine, "patient_experience", "patient_experience/P02/2015", "pe.weight_positive", 3);
    addQuarantined(
        quarantine, "patient_experience", "patient_experience/P01/2013", "pe.weight_positive", 3);
    StructType quarantineSchema =
        new StructType()
            .add(IngestColumns.EXTRACT, DataTypes.StringType)
            .add(IngestColumns.DROP_ID, DataTypes.StringType)
            .add(IngestColumns.RULE_IDS, DataTypes.createArrayType(DataTypes.StringType));
    lake.overwrite(
        LakeTable.QUARANTINE, lake.spark().createDataFrame(quarantine, quarantineSchema));
  }

  static final String CONTRACT_VERSION = "1.2.0";

  private static Row logRow(
      String extract,
      String site,
      String batch,
      String status,
      String reason,
      long received,
      long accepted,
      long quarantined,
      Timestamp now) {
    return RowFactory.create(
        "ingest-crafted",
        extract + "/" + site + "/" + batch,
        extract,
        site,
        batch,
        CONTRACT_VERSION,
        status,
        reason,
        reason == null
            ? null
            : "The file's checksum differs from the manifest's; deliver it again.",
        received,
        accepted,
        quarantined,
        now);
  }

  private static void addQuarantined(
      List<Row> rows, String extract, String dropId, String rule, int count) {
    for (int i = 0; i < count; i++) {
      rows.add(RowFactory.create(extract, dropId, List.of(rule).toArray(new String[0])));
    }
  }
}
