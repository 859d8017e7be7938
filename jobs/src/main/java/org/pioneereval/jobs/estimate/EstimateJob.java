package org.pioneereval.jobs.estimate;

import static org.pioneereval.jobs.estimate.EffectColumns.*;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.estimators.BootstrapWeights;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.PanelObservations;
import org.pioneereval.estimators.TwoByTwoDid;
import org.pioneereval.estimators.TwoWayFixedEffectsDid;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.estimators.WaldTest;
import org.pioneereval.estimators.WildClusterBootstrap;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.runtime.PipelineErrors;
import org.pioneereval.jobs.runtime.StageProgress;

/**
 * The estimate stage: for every outcome, two-way fixed-effects and 2x2 difference-in-differences on
 * its panel, with standard errors clustered by site, written to {@code results/did_effects}; beside
 * each TWFE effect's CR1 p-value a wild cluster bootstrap p-value ({@link #BOOTSTRAP_DRAWS} draws,
 * restricted, Webb weights, seeded) and, for site-month outcomes, the pre-trend Wald test of the
 * outcome's event study, which {@link EventStudyJob} writes to {@code results/event_study}.
 *
 * <p>The panels are already the sufficient statistics of the patient-level data (one row per site
 * and period), so only they, never patient rows, reach the driver; the maths is the Spark-free
 * {@code estimators} module's.
 */
public final class EstimateJob {

  /** Cluster-robust SEs by site with Stata's small-sample factor (K counts the fixed effects). */
  public static final VarianceType VARIANCE_DEFAULT = VarianceType.CR1_STATA;

  /**
   * Draws of the wild cluster bootstrap p-value stored beside each TWFE effect (restricted, Webb
   * weights: MacKinnon and Webb 2017; Webb 2023), enough for a p-value to about +-0.014 at 0.05.
   */
  public static final int BOOTSTRAP_DRAWS = 999;

  /** Seed of the bootstrap draws, so that a run's p-values can be reproduced exactly. */
  public static final long BOOTSTRAP_SEED = 20131101L;

  private final Lakehouse lake;
  private final String runId;
  private final VarianceType variance;
  private final EstimateSelection selection;
  private final StageProgress stageProgress;

  private EstimateJob(
      Lakehouse lake,
      String runId,
      VarianceType variance,
      EstimateSelection selection,
      StageProgress stageProgress) {
    this.lake = lake;
    this.runId = runId;
    this.variance = variance;
    this.selection = selection;
    this.stageProgress = stageProgress;
  }

  public static EstimateJob create(Lakehouse lake, String runId) {
    return new EstimateJob(
        lake, runId, VARIANCE_DEFAULT, EstimateSelection.ALL, StageProgress.NONE);
  }

  public EstimateJob withVariance(VarianceType varianceType) {
    return new EstimateJob(lake, runId, varianceType, selection, stageProgress);
  }

  /** Advanced by one as each outcome's effects are estimated. */
  public EstimateJob withStageProgress(StageProgress meter) {
    return new EstimateJob(lake, runId, variance, selection, meter);
  }

  /**
   * Only the chosen outcomes, and TWFE (with the event studies) and/or 2x2 as chosen; the other
   * estimators of the selection are other jobs'.
   */
  public EstimateJob withSelection(EstimateSelection chosen) {
    return new EstimateJob(lake, runId, variance, chosen, stageProgress);
  }

  /** One estimate of one outcome, as written to the results table. */
  public record Effect(
      PanelOutcome outcome,
      Estimator estimator,
      DidEstimate estimate,
      int pioneerSites,
      int comparisonSites,
      double baselineMean,
      OptionalDouble wildBootstrapPValue,
      Optional<WaldTest> preTrendWald) {

    public double relativeEffect() {
      return estimate.estimate() / baselineMean;
    }
  }

  public List<Effect> execute() {
    Map<PanelOutcome.Level, DriverPanel> panels = new EnumMap<>(PanelOutcome.Level.class);
    for (PanelOutcome.Level level : PanelOutcome.Level.values()) {
      List<PanelOutcome> outcomes =
          selection.outcomeList().stream().filter(o -> o.level() == level).toList();
      if (!outcomes.isEmpty()) {
        LakeTable table =
            level == PanelOutcome.Level.SITE_MONTH
                ? LakeTable.SITE_MONTH_PANEL
                : LakeTable.SITE_WAVE_PANEL;
        panels.put(level, DriverPanel.collect(lake.read(table, "panel"), outcomes));
      }
    }
    // >>> event studies and pre-trend tests (results/event_study), see EventStudyJob
    boolean twfe = selection.runs(EstimateSelection.Method.TWFE);
    DriverPanel siteMonth = panels.get(PanelOutcome.Level.SITE_MONTH);
    Map<PanelOutcome, WaldTest> preTrends =
        twfe && siteMonth != null
            ? EventStudyJob.create(lake, runId)
                .withVariance(variance)
                .withOutcomes(selection.outcomes())
                .execute(siteMonth)
                .preTrendTests()
            : Map.of();
    // <<<
    List<Effect> effects = new ArrayList<>();
    for (PanelOutcome outcome : selection.outcomeList()) {
      OutcomePanel data = OutcomePanel.collect(panels.get(outcome.level()), outcome);
      if (data.pioneerSites() == 0) {
        throw PipelineErrors.noTreatedSites(outcome.columnName());
      }
      PanelObservations observations = data.observations();
      if (twfe) {
        effects.add(
            new Effect(
                outcome,
                Estimator.TWFE,
                TwoWayFixedEffectsDid.withVariance(variance).fit(observations),
                data.pioneerSites(),
                data.comparisonSites(),
                data.baselineMean(),
                OptionalDouble.of(wildBootstrap().test(observations).pValue()),
                Optional.ofNullable(preTrends.get(outcome))));
      }
      if (selection.runs(EstimateSelection.Method.DID_2X2)) {
        effects.add(
            new Effect(
                outcome,
                Estimator.DID_2X2,
                data.twoByTwo(variance),
                data.pioneerSites(),
                data.comparisonSites(),
                data.baselineMean(),
                OptionalDouble.empty(),
                Optional.empty()));
      }
      stageProgress.advance(1);
    }
    write(effects);
    return effects;
  }

  private static WildClusterBootstrap wildBootstrap() {
    return WildClusterBootstrap.builder()
        .draws(BOOTSTRAP_DRAWS)
        .weights(BootstrapWeights.WEBB)
        .restricted()
        .seed(BOOTSTRAP_SEED)
        .build();
  }

  private void write(List<Effect> effects) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Effect e : effects) {
      DidEstimate d = e.estimate();
      String spec =
          "{\"estimator\":\""
              + e.estimator()
              + "\",\"outcome\":\""
              + e.outcome().columnName()
              + "\",\"panel\":\""
              + e.outcome().level()
              + "\",\"fixed_effects\":"
              + (e.estimator() == Estimator.TWFE ? "[\"site\",\"period\"]" : "[]")
              + ",\"cluster\":\"site\",\"variance\":\""
              + d.varianceType()
              + "\",\"weights\":null,\"comparison\":\"comparison sites (never pioneers)\""
              + (e.wildBootstrapPValue().isPresent()
                  ? ",\"wild_bootstrap\":{\"draws\":"
                      + BOOTSTRAP_DRAWS
                      + ",\"weights\":\"WEBB\",\"restricted\":true,\"seed\":"
                      + BOOTSTRAP_SEED
                      + "}"
                  : "")
              + (e.preTrendWald().isPresent()
                  ? ",\"pre_trend_test\":{\"event_study_window\":["
                      + EventStudyJob.WINDOW_FIRST_DEFAULT
                      + ","
                      + EventStudyJob.WINDOW_LAST_DEFAULT
                      + "],\"reference_month\":"
                      + EventStudyJob.REFERENCE_MONTH_DEFAULT
                      + ",\"endpoints\":\"binned\",\"leads_tested\":["
                      + EventStudyJob.PRE_TREND_FIRST_LEAD_DEFAULT
                      + ","
                      + (EventStudyJob.REFERENCE_MONTH_DEFAULT - 1)
                      + "]}"
                  : "")
              + "}";
      WaldTest wald = e.preTrendWald().orElse(null);
      rows.add(
          RowFactory.create(
              runId,
              e.outcome().columnName(),
              e.outcome().label(),
              e.outcome().unit(),
              e.outcome().level().name(),
              e.estimator().name(),
              d.estimate(),
              d.standardError(),
              d.tStatistic(),
              d.pValue(),
              e.wildBootstrapPValue().isPresent() ? e.wildBootstrapPValue().getAsDouble() : null,
              d.ciLower(),
              d.ciUpper(),
              d.degreesOfFreedom(),
              d.nObservations(),
              d.nClusters(),
              e.pioneerSites(),
              e.comparisonSites(),
              e.baselineMean(),
              e.relativeEffect(),
              d.varianceType().name(),
              spec,
              now,
              wald == null ? null : wald.statistic(),
              wald == null ? null : wald.df1(),
              wald == null ? null : wald.df2(),
              wald == null ? null : wald.pValue()));
    }
    StructType schema =
        new StructType()
            .add(RUN_ID, DataTypes.StringType)
            .add(OUTCOME, DataTypes.StringType)
            .add(OUTCOME_LABEL, DataTypes.StringType)
            .add(UNIT, DataTypes.StringType)
            .add(PANEL, DataTypes.StringType)
            .add(ESTIMATOR, DataTypes.StringType)
            .add(ESTIMATE, DataTypes.DoubleType)
            .add(STD_ERROR, DataTypes.DoubleType)
            .add(T_STATISTIC, DataTypes.DoubleType)
            .add(P_VALUE, DataTypes.DoubleType)
            .add(WILD_BOOTSTRAP_P_VALUE, DataTypes.DoubleType)
            .add(CI_LOWER, DataTypes.DoubleType)
            .add(CI_UPPER, DataTypes.DoubleType)
            .add(DEGREES_OF_FREEDOM, DataTypes.DoubleType)
            .add(N_OBSERVATIONS, DataTypes.LongType)
            .add(N_CLUSTERS, DataTypes.IntegerType)
            .add(N_PIONEER_SITES, DataTypes.IntegerType)
            .add(N_COMPARISON_SITES, DataTypes.IntegerType)
            .add(BASELINE_MEAN, DataTypes.DoubleType)
            .add(RELATIVE_EFFECT, DataTypes.DoubleType)
            .add(VARIANCE_TYPE, DataTypes.StringType)
            .add(SPECIFICATION, DataTypes.StringType)
            .add(ESTIMATED_AT, DataTypes.TimestampType)
            .add(PRE_TREND_WALD_F, DataTypes.DoubleType)
            .add(PRE_TREND_WALD_DF1, DataTypes.IntegerType)
            .add(PRE_TREND_WALD_DF2, DataTypes.DoubleType)
            .add(PRE_TREND_WALD_P_VALUE, DataTypes.DoubleType);
    lake.replaceWhere(
        LakeTable.DID_EFFECTS,
        RUN_ID + " = '" + runId + "'",
        lake.spark().createDataFrame(rows, schema));
  }

  /**
   * One outcome's panel on the driver as primitive arrays: rows with a value, sites and periods as
   * dense indices.
   */
  record OutcomePanel(
      double[] y,
      int[] site,
      int[] period,
      boolean[] pioneer,
      boolean[] treatedPost,
      LocalDate[] periodStart,
      LocalDate firstGoLive,
      LocalDate lastGoLive,
      int pioneerSites,
      int comparisonSites,
      double baselineMean) {

    static OutcomePanel collect(DriverPanel panel, PanelOutcome outcome) {
      List<Row> rows = panel.rowsWith(outcome);
      int value = panel.column(outcome);
      int n = rows.size();
      Map<String, Integer> siteIndex = new HashMap<>();
      TreeMap<LocalDate, Integer> periodIndex = new TreeMap<>();
      for (Row row : rows) {
        periodIndex.putIfAbsent(row.getDate(DriverPanel.PERIOD_START).toLocalDate(), 0);
      }
      int next = 0;
      for (Map.Entry<LocalDate, Integer> entry : periodIndex.entrySet()) {
        entry.setValue(next++);
      }
      double[] y = new double[n];
      int[] site = new int[n];
      int[] period = new int[n];
      boolean[] pioneer = new boolean[n];
      boolean[] treatedPost = new boolean[n];
      LocalDate[] start = new LocalDate[n];
      LocalDate first = null;
      LocalDate last = null;
      Map<String, Boolean> pioneerSite = new HashMap<>();
      for (int i = 0; i < n; i++) {
        Row row = rows.get(i);
        String code = row.getString(DriverPanel.SITE);
        site[i] = siteIndex.computeIfAbsent(code, k -> siteIndex.size());
        start[i] = row.getDate(DriverPanel.PERIOD_START).toLocalDate();
        period[i] = periodIndex.get(start[i]);
        y[i] = row.getDouble(value);
        pioneer[i] = row.getBoolean(DriverPanel.PIONEER);
        treatedPost[i] = row.getBoolean(DriverPanel.TREATED_POST);
        pioneerSite.put(code, pioneer[i]);
        if (!row.isNullAt(DriverPanel.GO_LIVE_DATE)) {
          LocalDate goLive = ((Date) row.get(DriverPanel.GO_LIVE_DATE)).toLocalDate();
          first = first == null || goLive.isBefore(first) ? goLive : first;
          last = last == null || goLive.isAfter(last) ? goLive : last;
        }
      }
      double baselineSum = 0;
      int baselineCount = 0;
      for (int i = 0; i < n; i++) {
        if (pioneer[i] && !treatedPost[i]) {
          baselineSum += y[i];
          baselineCount++;
        }
      }
      int pioneers = (int) pioneerSite.values().stream().filter(p -> p).count();
      return new OutcomePanel(
          y,
          site,
          period,
          pioneer,
          treatedPost,
          start,
          first,
          last,
          pioneers,
          pioneerSite.size() - pioneers,
          baselineCount == 0 ? Double.NaN : baselineSum / baselineCount);
    }

    PanelObservations observations() {
      double[] d = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        d[i] = treatedPost[i] ? 1.0 : 0.0;
      }
      return PanelObservations.builder()
          .outcome(y)
          .unit(site)
          .time(period)
          .treatment(d)
          .cluster(site)
          .build();
    }

    /** Pioneers vs comparison sites, periods before the first go-live vs from the last go-live. */
    DidEstimate twoByTwo(VarianceType variance) {
      List<Integer> keep = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        if (periodStart[i].isBefore(firstGoLive) || !periodStart[i].isBefore(lastGoLive)) {
          keep.add(i);
        }
      }
      int m = keep.size();
      double[] yy = new double[m];
      boolean[] group = new boolean[m];
      boolean[] post = new boolean[m];
      int[] cluster = new int[m];
      for (int j = 0; j < m; j++) {
        int i = keep.get(j);
        yy[j] = y[i];
        group[j] = pioneer[i];
        post[j] = !periodStart[i].isBefore(lastGoLive);
        cluster[j] = site[i];
      }
      return TwoByTwoDid.withVariance(variance).fit(yy, group, post, cluster, null);
    }
  }
}
