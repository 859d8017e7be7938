package org.pioneereval.jobs.estimate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * {@link StaggeredAdoptionJob} on a small synthetic lake with known staggered, dynamic effects.
 *
 * <p>Sites: 8 pioneers going live on 2013-01-01 (cohort month 13 of 2012-01..2015-12), 8 going live
 * on 2014-01-15 (first treated month 2014-02 = month 26: the month starting on or after go-live),
 * 20 comparison sites; outcome = site effect + month effect + effect + N(0, 0.1^2) (seeded).
 * Emergency admissions: effect {@code -1 - 0.05 e} (first wave) and {@code -1.5 - 0.05 e} (second
 * wave) in month e >= 0 after adoption; elective: none; cost: +5 from adoption. To exercise the
 * balancing rule there are also a pioneer without a go-live date (dropped), a comparison site
 * missing one month (dropped) and a month 2016-01 with values for only 3 sites (dropped): 2 sites,
 * 1 month and 48 + 47 + 3 = 98 site-months with a value are left out. Survey waves 2012..2015, +0.2
 * after go-live (the second wave's first survey after go-live is 2015).
 */
class StaggeredAdoptionJobTest {

  private static final String RUN_ID = "run-staggered-test";
  private static final LocalDate FIRST_MONTH = LocalDate.of(2012, 1, 1);
  private static final int MONTHS = 48;
  private static final int COHORT_SIZE = 8;
  private static final int COMPARISON = 20;
  private static final int[] COHORT_MONTH = {13, 26};
  private static final double[] EFFECT_AT_ADOPTION = {-1.0, -1.5};
  private static final double EFFECT_SLOPE = -0.05;
  private static final double COST_EFFECT = 5.0;
  private static final double WAVE_EFFECT = 0.2;

  /** Noise sd 0.1, 16 treated sites: the SE of the simple ATT is about 0.02-0.03; 4 SEs. */
  private static final double TOLERANCE = 0.1;

  @TempDir static Path lakeDir;

  private static Lakehouse lake;
  private static StaggeredAdoptionJob.Result result;

  @BeforeAll
  static void run() {
    lake = Lakehouse.at(SparkTestSession.get(), lakeDir);
    writePanels(lake, 20130101L);
    result = StaggeredAdoptionJob.create(lake, RUN_ID).execute();
  }

  private static double emergencyEffect(int cohort, int eventTime) {
    return EFFECT_AT_ADOPTION[cohort] + EFFECT_SLOPE * eventTime;
  }

  /** did's simple aggregation: post-treatment cells weighted by cohort size (equal here). */
  private static double simpleTruth() {
    double sum = 0;
    int cells = 0;
    for (int c = 0; c < 2; c++) {
      for (int t = COHORT_MONTH[c]; t <= MONTHS; t++) {
        sum += emergencyEffect(c, t - COHORT_MONTH[c]);
        cells++;
      }
    }
    return sum / cells;
  }

  @Test
  void simpleAggregationRecoversTheKnownEffects() {
    assertThat(estimate(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, "CS", "SIMPLE", "overall"))
        .isCloseTo(simpleTruth(), within(TOLERANCE));
    assertThat(estimate(PanelOutcome.ELECTIVE_ADMISSIONS_RATE, "CS", "SIMPLE", "overall"))
        .isCloseTo(0.0, within(TOLERANCE));
    assertThat(estimate(PanelOutcome.COST_PER_CAPITA, "CS", "SIMPLE", "overall"))
        .isCloseTo(COST_EFFECT, within(TOLERANCE));
    // event time 0: both waves, equal shares; event time 30: first wave only
    assertThat(estimate(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, "CS", "DYNAMIC", "0"))
        .isCloseTo((emergencyEffect(0, 0) + emergencyEffect(1, 0)) / 2, within(TOLERANCE));
    assertThat(estimate(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, "CS", "DYNAMIC", "30"))
        .isCloseTo(emergencyEffect(0, 30), within(TOLERANCE));
    assertThat(estimate(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, "CS", "DYNAMIC", "-5"))
        .isCloseTo(0.0, within(TOLERANCE));
    // per wave: the mean of the wave's post-treatment effects
    assertThat(estimate(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, "CS", "GROUP", "26"))
        .isCloseTo(emergencyEffect(1, 11), within(TOLERANCE));
    // Sun-Abraham agrees cell by cell; its ATT weights cells by observations, like did's simple
    assertThat(estimate(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, "SA", "DYNAMIC", "10"))
        .isCloseTo((emergencyEffect(0, 10) + emergencyEffect(1, 10)) / 2, within(TOLERANCE));
    assertThat(estimate(PanelOutcome.EMERGENCY_ADMISSIONS_RATE, "SA", "SIMPLE", "overall"))
        .isCloseTo(simpleTruth(), within(TOLERANCE));
    // survey waves: estimated with waves as periods
    assertThat(estimate(PanelOutcome.OVERALL_SATISFACTION, "CS", "SIMPLE", "overall"))
        .isCloseTo(WAVE_EFFECT, within(TOLERANCE));
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void writesTheExpectedRowsPerOutcomeAndAggregation() {
    // 2 cohorts x 47 periods (varying base: every period but the first)
    Map<String, Long> attGt = countBy(LakeTable.ATT_GT, RUN_ID, "outcome");
    for (PanelOutcome o : monthOutcomes()) {
      assertThat(attGt.get(o.columnName())).as(o.columnName()).isEqualTo(94L);
    }
    Map<String, Long> agg =
        countBy(LakeTable.STAGGERED_AGGREGATIONS, RUN_ID, "outcome", "estimator", "aggregation");
    for (PanelOutcome o : monthOutcomes()) {
      String k = o.columnName() + "|";
      assertThat(agg.get(k + "CS|SIMPLE")).isEqualTo(1L);
      assertThat(agg.get(k + "CS|GROUP")).isEqualTo(2L + 1); // two waves + overall
      assertThat(agg.get(k + "CS|CALENDAR")).isEqualTo(36L + 1); // months 13..48 + overall
      assertThat(agg.get(k + "CS|DYNAMIC")).isEqualTo(60L + 1); // event times -24..35 + overall
      assertThat(agg.get(k + "CS|PRE_TEST")).isEqualTo(1L);
      assertThat(agg.get(k + "CS|PRE_TEST_COHORT_LEADS")).isEqualTo(1L);
      assertThat(agg.get(k + "SA|DYNAMIC")).isEqualTo(59L); // -24..35 without the reference -1
      assertThat(agg.get(k + "SA|SIMPLE")).isEqualTo(1L);
    }
    Row emergency =
        table(LakeTable.STAGGERED_AGGREGATIONS, RUN_ID)
            .filter(
                col("outcome")
                    .equalTo(PanelOutcome.EMERGENCY_ADMISSIONS_RATE.columnName())
                    .and(col("aggregation").equalTo("SIMPLE"))
                    .and(col("estimator").equalTo("CS")))
            .first();
    assertThat(emergency.<Integer>getAs("n_sites")).isEqualTo(36);
    assertThat(emergency.<Integer>getAs("n_pioneer_sites")).isEqualTo(16);
    assertThat(emergency.<Integer>getAs("n_periods")).isEqualTo(MONTHS);
    assertThat(emergency.<Integer>getAs("sites_dropped")).isEqualTo(2);
    assertThat(emergency.<Integer>getAs("periods_dropped")).isEqualTo(1);
    assertThat(emergency.<Integer>getAs("rows_dropped")).isEqualTo(98);
    assertThat(emergency.<Double>getAs("ci_lower")).isLessThan(emergency.<Double>getAs("estimate"));

    // Goodman-Bacon: three comparison types per outcome, weights sum to 1, TWFE beside them
    List<Row> bacon =
        table(LakeTable.BACON_DECOMPOSITION, RUN_ID)
            .filter(col("outcome").equalTo(PanelOutcome.EMERGENCY_ADMISSIONS_RATE.columnName()))
            .collectAsList();
    assertThat(bacon)
        .extracting(r -> r.<String>getAs("comparison_type"))
        .containsExactlyInAnyOrder(
            "TREATED_VS_NEVER_TREATED", "EARLIER_VS_LATER_TREATED", "LATER_VS_EARLIER_TREATED");
    double weights = 0;
    double weighted = 0;
    for (Row r : bacon) {
      weights += r.<Double>getAs("weight");
      weighted += r.<Double>getAs("weight") * r.<Double>getAs("estimate");
    }
    assertThat(weights).isCloseTo(1.0, within(1e-9));
    assertThat(bacon.get(0).<Double>getAs("twfe")).isCloseTo(weighted, within(1e-9));
  }

  @Test
  void rerunningARunIdReplacesItsRows() {
    long[] before = counts(RUN_ID);
    assertThat(before[0]).isPositive();
    StaggeredAdoptionJob.create(lake, RUN_ID).execute();
    assertThat(counts(RUN_ID)).containsExactly(before);
  }

  // ---------------------------------------------------------------- helpers

  private static List<PanelOutcome> monthOutcomes() {
    List<PanelOutcome> out = new ArrayList<>();
    for (PanelOutcome o : PanelOutcome.values()) {
      if (o.level() == PanelOutcome.Level.SITE_MONTH) {
        out.add(o);
      }
    }
    return out;
  }

  private static Dataset<Row> table(LakeTable t, String runId) {
    return lake.read(t, "estimate").filter(col("run_id").equalTo(runId));
  }

  private static long[] counts(String runId) {
    return new long[] {
      table(LakeTable.ATT_GT, runId).count(),
      table(LakeTable.STAGGERED_AGGREGATIONS, runId).count(),
      table(LakeTable.BACON_DECOMPOSITION, runId).count()
    };
  }

  private static Map<String, Long> countBy(LakeTable t, String runId, String... columns) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : table(t, runId).collectAsList()) {
      StringBuilder k = new StringBuilder();
      for (String c : columns) {
        k.append(k.length() == 0 ? "" : "|").append(r.<Object>getAs(c));
      }
      out.merge(k.toString(), 1L, Long::sum);
    }
    return out;
  }

  private static double estimate(PanelOutcome o, String estimator, String aggregation, String key) {
    List<Row> rows =
        table(LakeTable.STAGGERED_AGGREGATIONS, RUN_ID)
            .filter(
                col("outcome")
                    .equalTo(o.columnName())
                    .and(col("estimator").equalTo(estimator))
                    .and(col("aggregation").equalTo(aggregation))
                    .and(col("key").equalTo(key)))
            .collectAsList();
    assertThat(rows).as("%s %s %s %s", o, estimator, aggregation, key).hasSize(1);
    return rows.get(0).<Double>getAs("estimate");
  }

  // ---------------------------------------------------------------- the synthetic panels

  /** Sites 0-7 first wave, 8-15 second, 16-35 comparison, 36 pioneer without go-live, 37 gappy. */
  private static LocalDate goLive(int site) {
    if (site < COHORT_SIZE) {
      return LocalDate.of(2013, 1, 1);
    }
    return site < 2 * COHORT_SIZE ? LocalDate.of(2014, 1, 15) : null;
  }

  private static boolean pioneer(int site) {
    return site < 2 * COHORT_SIZE || site == 36;
  }

  private static void writePanels(Lakehouse lake, long seed) {
    Random random = new Random(seed);
    int sites = 2 * COHORT_SIZE + COMPARISON + 2;
    List<Row> months = new ArrayList<>();
    for (int s = 0; s < sites; s++) {
      double siteEffect = 10 + 3 * random.nextDouble();
      int cohort = s < COHORT_SIZE ? 0 : s < 2 * COHORT_SIZE ? 1 : -1;
      for (int m = 1; m <= MONTHS + 1; m++) {
        LocalDate month = FIRST_MONTH.plusMonths(m - 1L);
        boolean post = cohort >= 0 && m >= COHORT_MONTH[cohort];
        int e = cohort >= 0 ? m - COHORT_MONTH[cohort] : 0;
        double monthEffect = 0.05 * m + Math.sin(m / 3.0);
        boolean missing = (m == MONTHS + 1 && !(s >= 16 && s < 19)) || (s == 37 && m == 20);
        LocalDate g = goLive(s);
        months.add(
            RowFactory.create(
                "S" + s,
                Date.valueOf(month),
                g == null ? null : Date.valueOf(g),
                pioneer(s),
                post,
                missing
                    ? null
                    : siteEffect
                        + monthEffect
                        + (post ? emergencyEffect(cohort, e) : 0)
                        + noise(random),
                missing ? null : siteEffect / 2 + monthEffect + noise(random),
                missing
                    ? null
                    : 10 * siteEffect + monthEffect + (post ? COST_EFFECT : 0) + noise(random)));
      }
    }
    StructType monthSchema =
        new StructType()
            .add(PanelColumns.SITE_CODE, DataTypes.StringType)
            .add(PanelColumns.PERIOD_START, DataTypes.DateType)
            .add(PanelColumns.GO_LIVE_DATE, DataTypes.DateType)
            .add(PanelColumns.PIONEER, DataTypes.BooleanType)
            .add(PanelColumns.TREATED_POST, DataTypes.BooleanType)
            .add(PanelOutcome.EMERGENCY_ADMISSIONS_RATE.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.ELECTIVE_ADMISSIONS_RATE.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.COST_PER_CAPITA.columnName(), DataTypes.DoubleType);
    lake.overwrite(LakeTable.SITE_MONTH_PANEL, lake.spark().createDataFrame(months, monthSchema));

    List<Row> waves = new ArrayList<>();
    for (int s = 0; s < sites; s++) {
      LocalDate g = goLive(s);
      for (int year = 2012; year <= 2015; year++) {
        LocalDate start = LocalDate.of(year, 1, 1);
        boolean post = g != null && !start.isBefore(g);
        double effect = post ? WAVE_EFFECT : 0.0;
        waves.add(
            RowFactory.create(
                "S" + s,
                Date.valueOf(start),
                g == null ? null : Date.valueOf(g),
                pioneer(s),
                post,
                3.5 + effect + noise(random) / 2,
                3.2 + effect + noise(random) / 2,
                3.4 + effect + noise(random) / 2,
                3.6 + effect + noise(random) / 2));
      }
    }
    StructType waveSchema =
        new StructType()
            .add(PanelColumns.SITE_CODE, DataTypes.StringType)
            .add(PanelColumns.PERIOD_START, DataTypes.DateType)
            .add(PanelColumns.GO_LIVE_DATE, DataTypes.DateType)
            .add(PanelColumns.PIONEER, DataTypes.BooleanType)
            .add(PanelColumns.TREATED_POST, DataTypes.BooleanType)
            .add(PanelOutcome.OVERALL_SATISFACTION.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.CARE_COORDINATED.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.INVOLVED_IN_DECISIONS.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.KNEW_WHOM_TO_CONTACT.columnName(), DataTypes.DoubleType);
    lake.overwrite(LakeTable.SITE_WAVE_PANEL, lake.spark().createDataFrame(waves, waveSchema));
  }

  private static double noise(Random random) {
    return 0.1 * random.nextGaussian();
  }
}
