package org.pioneereval.jobs.notebook;

import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * Both panels in the panel stage's full layout (the columns notebooks read: wave, site type,
 * counts), written straight into a test lake: 20 sites (P00-P04 wave 1 live January 2014, P05-P09
 * wave 2 live July 2014, C10-C19 comparison), months 2012-01 to 2015-12, survey waves 2012, 2013,
 * 2015, 2016. Outcome = site effect + month effect + {@code effect} after go-live + N(0, 0.1^2)
 * noise (seeded), the same effect for every outcome, so that two "runs" with different effects give
 * different estimates.
 */
final class NotebookPanels {

  static final int SITES = 20;
  static final int MONTHS = 48;
  static final LocalDate FIRST_MONTH = LocalDate.of(2012, 1, 1);

  /** Site C19 has 5 emergency admissions a month: below the disclosure threshold of 8. */
  static final String SMALL_SITE = "C19";

  private NotebookPanels() {}

  static String siteCode(int site) {
    return (site < 10 ? "P" : "C") + String.format("%02d", site);
  }

  static Integer wave(int site) {
    return site < 5 ? Integer.valueOf(1) : site < 10 ? Integer.valueOf(2) : null;
  }

  static LocalDate goLive(int site) {
    return site < 5 ? LocalDate.of(2014, 1, 1) : site < 10 ? LocalDate.of(2014, 7, 1) : null;
  }

  static void writeTo(Lakehouse lake, String runId, double effect, long seed) {
    Random random = new Random(seed);
    List<Row> months = new ArrayList<>();
    for (int s = 0; s < SITES; s++) {
      double siteEffect = 8 + 2 * random.nextDouble();
      LocalDate goLive = goLive(s);
      for (int m = 0; m < MONTHS; m++) {
        LocalDate month = FIRST_MONTH.plusMonths(m);
        Integer eventTime = goLive == null ? null : (int) ChronoUnit.MONTHS.between(goLive, month);
        boolean post = eventTime != null && eventTime >= 0;
        double monthEffect = 0.02 * m + Math.sin(m / 3.0);
        double rate = siteEffect + monthEffect + (post ? effect : 0) + noise(random);
        long population = siteCode(s).equals(SMALL_SITE) ? 1_000 : 50_000;
        long emergency = Math.round(rate * population / 1000);
        if (siteCode(s).equals(SMALL_SITE)) {
          emergency = 5;
        }
        months.add(
            RowFactory.create(
                siteCode(s),
                Date.valueOf(month),
                Date.valueOf(month),
                goLive == null ? "comparison" : "pioneer",
                wave(s) == null ? null : (long) wave(s),
                goLive == null ? null : Date.valueOf(goLive),
                goLive != null,
                post,
                eventTime,
                population,
                emergency,
                400L,
                rate,
                siteEffect / 2 + monthEffect + (post ? effect : 0) + noise(random),
                0.0,
                siteEffect * 10 + monthEffect + (post ? effect : 0) + noise(random),
                runId));
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
            .add(PanelOutcome.COST_PER_CAPITA.columnName(), DataTypes.DoubleType)
            .add(PanelColumns.PANEL_RUN_ID, DataTypes.StringType);
    lake.overwrite(LakeTable.SITE_MONTH_PANEL, lake.spark().createDataFrame(months, monthSchema));

    List<Row> waves = new ArrayList<>();
    for (int s = 0; s < SITES; s++) {
      LocalDate goLive = goLive(s);
      for (int year : new int[] {2012, 2013, 2015, 2016}) {
        LocalDate start = LocalDate.of(year, 1, 1);
        boolean post = goLive != null && !start.isBefore(goLive);
        double shift = post ? effect / 10 : 0.0;
        waves.add(
            RowFactory.create(
                siteCode(s),
                year,
                Date.valueOf(start),
                goLive == null ? "comparison" : "pioneer",
                wave(s) == null ? null : (long) wave(s),
                goLive == null ? null : Date.valueOf(goLive),
                goLive != null,
                post,
                goLive == null ? null : (int) ChronoUnit.MONTHS.between(goLive, start),
                150L,
                150.0,
                3.5 + shift + noise(random),
                3.2 + shift + noise(random),
                3.4 + shift + noise(random),
                3.6 + shift + noise(random),
                runId));
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
            .add(PanelColumns.EVENT_TIME_MONTHS, DataTypes.IntegerType)
            .add(PanelColumns.RESPONDENTS, DataTypes.LongType)
            .add(PanelColumns.SUM_WEIGHTS, DataTypes.DoubleType)
            .add(PanelOutcome.OVERALL_SATISFACTION.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.CARE_COORDINATED.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.INVOLVED_IN_DECISIONS.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.KNEW_WHOM_TO_CONTACT.columnName(), DataTypes.DoubleType)
            .add(PanelColumns.PANEL_RUN_ID, DataTypes.StringType);
    lake.overwrite(LakeTable.SITE_WAVE_PANEL, lake.spark().createDataFrame(waves, waveSchema));
  }

  private static double noise(Random random) {
    return 0.1 * random.nextGaussian();
  }
}
