package org.pioneereval.jobs.estimate;

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
 * Site-month and site-wave panels with known effects, written straight into a test lake in the
 * panel stage's layout: 40 sites (10 pioneers going live in January 2014, 10 in July 2014, 20
 * comparison sites), months 2012-01 to 2016-12, outcome = site effect + month effect + effect +
 * N(0, 0.1^2) noise (seeded).
 *
 * <ul>
 *   <li>emergency admissions: -2.0 in every month from go-live on; no pre-trend;
 *   <li>elective admissions: no effect at all;
 *   <li>cost per capita: +5.0 from go-live and an anticipation of +1.0 in the 6 months before
 *       go-live (months -7..-2), a pre-trend the Wald test must see;
 *   <li>survey outcomes (waves 2012, 2013, 2015, 2016): +0.2 after go-live.
 * </ul>
 */
final class SyntheticPanels {

  static final double EMERGENCY_EFFECT = -2.0;
  static final double COST_EFFECT = 5.0;
  static final double COST_ANTICIPATION = 1.0;
  static final int SITES = 40;
  static final LocalDate FIRST_MONTH = LocalDate.of(2012, 1, 1);
  static final int MONTHS = 60;

  private SyntheticPanels() {}

  static LocalDate goLive(int site) {
    if (site < 10) {
      return LocalDate.of(2014, 1, 1);
    }
    return site < 20 ? LocalDate.of(2014, 7, 1) : null;
  }

  static String siteCode(int site) {
    return (site < 20 ? "P" : "C") + String.format("%02d", site);
  }

  static void writeTo(Lakehouse lake, long seed) {
    Random random = new Random(seed);
    double[] siteEffect = new double[SITES];
    for (int s = 0; s < SITES; s++) {
      siteEffect[s] = 10 + 3 * random.nextDouble();
    }
    List<Row> months = new ArrayList<>();
    for (int s = 0; s < SITES; s++) {
      LocalDate goLive = goLive(s);
      for (int m = 0; m < MONTHS; m++) {
        LocalDate month = FIRST_MONTH.plusMonths(m);
        Integer eventTime = goLive == null ? null : (int) ChronoUnit.MONTHS.between(goLive, month);
        boolean post = eventTime != null && eventTime >= 0;
        boolean anticipation = eventTime != null && eventTime >= -7 && eventTime <= -2;
        double monthEffect = 0.05 * m + Math.sin(m / 3.0);
        months.add(
            RowFactory.create(
                siteCode(s),
                Date.valueOf(month),
                goLive == null ? null : Date.valueOf(goLive),
                goLive != null,
                post,
                eventTime,
                siteEffect[s] + monthEffect + (post ? EMERGENCY_EFFECT : 0) + noise(random),
                siteEffect[s] / 2 + monthEffect + noise(random),
                siteEffect[s] * 10
                    + monthEffect
                    + (post ? COST_EFFECT : 0)
                    + (anticipation ? COST_ANTICIPATION : 0)
                    + noise(random)));
      }
    }
    StructType monthSchema =
        new StructType()
            .add(PanelColumns.SITE_CODE, DataTypes.StringType)
            .add(PanelColumns.PERIOD_START, DataTypes.DateType)
            .add(PanelColumns.GO_LIVE_DATE, DataTypes.DateType)
            .add(PanelColumns.PIONEER, DataTypes.BooleanType)
            .add(PanelColumns.TREATED_POST, DataTypes.BooleanType)
            .add(PanelColumns.EVENT_TIME_MONTHS, DataTypes.IntegerType)
            .add(PanelOutcome.EMERGENCY_ADMISSIONS_RATE.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.ELECTIVE_ADMISSIONS_RATE.columnName(), DataTypes.DoubleType)
            .add(PanelOutcome.COST_PER_CAPITA.columnName(), DataTypes.DoubleType);
    lake.overwrite(LakeTable.SITE_MONTH_PANEL, lake.spark().createDataFrame(months, monthSchema));

    List<Row> waves = new ArrayList<>();
    for (int s = 0; s < SITES; s++) {
      LocalDate goLive = goLive(s);
      for (int year : new int[] {2012, 2013, 2015, 2016}) {
        LocalDate start = LocalDate.of(year, 1, 1);
        boolean post = goLive != null && !start.isBefore(goLive);
        double effect = post ? 0.2 : 0.0;
        waves.add(
            RowFactory.create(
                siteCode(s),
                Date.valueOf(start),
                goLive == null ? null : Date.valueOf(goLive),
                goLive != null,
                post,
                3.5 + effect + noise(random),
                3.2 + effect + noise(random),
                3.4 + effect + noise(random),
                3.6 + effect + noise(random)));
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
