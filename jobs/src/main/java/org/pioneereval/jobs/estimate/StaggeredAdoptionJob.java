package org.pioneereval.jobs.estimate;

import static org.apache.spark.sql.functions.col;
import static org.pioneereval.jobs.estimate.StaggeredColumns.*;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.estimators.AggregatedEffect;
import org.pioneereval.estimators.AggregatedEffects;
import org.pioneereval.estimators.Aggregation;
import org.pioneereval.estimators.BasePeriod;
import org.pioneereval.estimators.CallawaySantAnna;
import org.pioneereval.estimators.CallawaySantAnnaParameters;
import org.pioneereval.estimators.ChiSquaredTest;
import org.pioneereval.estimators.ComparisonGroup;
import org.pioneereval.estimators.EstimationException;
import org.pioneereval.estimators.EventStudyCoefficient;
import org.pioneereval.estimators.EventTimeWindow;
import org.pioneereval.estimators.Exclusion;
import org.pioneereval.estimators.GoodmanBaconDecomposition;
import org.pioneereval.estimators.GroupTimeEffect;
import org.pioneereval.estimators.GroupTimeEffects;
import org.pioneereval.estimators.MultiplierBootstrap;
import org.pioneereval.estimators.PanelObservations;
import org.pioneereval.estimators.StaggeredPanel;
import org.pioneereval.estimators.SunAbraham;
import org.pioneereval.estimators.SunAbrahamResult;
import org.pioneereval.estimators.UniformBands;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.runtime.PipelineErrors;
import org.pioneereval.jobs.runtime.StageProgress;

/**
 * Staggered-adoption estimators of every outcome, run after the estimate stage: pioneer sites go
 * live in waves, so beside the TWFE effect (which averages over "forbidden" comparisons of later
 * with already treated sites) this job writes the heterogeneity-robust estimators.
 *
 * <ul>
 *   <li>Callaway and Sant'Anna (2021) ATT(g,t) with never-treated comparison sites (or
 *       not-yet-treated ones, {@link #withSelection}), varying base period, no covariates, analytic
 *       SEs clustered by site, plus a simultaneous band from the multiplier bootstrap: {@code
 *       results/att_gt};
 *   <li>its SIMPLE, GROUP (per go-live wave), DYNAMIC (event time in months, window {@link
 *       #EVENT_WINDOW_FIRST_DEFAULT}..{@link #EVENT_WINDOW_LAST_DEFAULT}) and CALENDAR
 *       aggregations, did's Wald pre-test of all pre-treatment cells ({@code PRE_TEST}) and a
 *       pre-test of each cohort's mean placebo effect in the window's leads ({@code
 *       PRE_TEST_COHORT_LEADS}, which stays computable when there are more pre-treatment cells than
 *       sites); Sun and Abraham (2021) interaction-weighted event study and ATT: {@code
 *       results/staggered_aggregations};
 *   <li>the Goodman-Bacon (2021) decomposition of the TWFE coefficient of the same balanced panel
 *       into weights and average 2x2 estimates by comparison type: {@code
 *       results/bacon_decomposition}.
 * </ul>
 *
 * <p><b>Units, periods, cohorts.</b> Sites are the units; periods are months ({@code
 * panel/site_month_panel}) or survey waves ({@code panel/site_wave_panel}). A pioneer site's cohort
 * (first treated period) is the first period starting on or after its go-live date (the same rule
 * as {@code treated_post}); comparison sites are never treated. Pioneer sites without a go-live
 * date cannot be placed in a cohort and are left out (counted in {@code sites_dropped}). Pioneers
 * that go live before the first period (no pre-period) or after the last are reported by the
 * estimators as exclusions ({@code note}, {@code specification}).
 *
 * <p><b>The balanced panel</b> (the estimators need one value per site and period), per outcome:
 * only rows with a value of the outcome count (a missing or refused drop gives null, never zero);
 * (1) periods in which fewer than {@link #MIN_SITE_SHARE_PER_PERIOD} of the sites have a value are
 * dropped (the edges of the extracts' coverage, a month refused nearly everywhere); (2) sites
 * without a value in every remaining period are dropped (did's rule for unbalanced panels). What
 * was dropped is written with every aggregation row ({@code sites_dropped}, {@code
 * periods_dropped}, {@code rows_dropped}). Month labels stay calendar months, so event times are
 * months even when a month is dropped; Sun and Abraham's relative periods count kept periods.
 *
 * <p><b>Driver memory.</b> Site-level panels are tiny (65 sites x 96 months, a few thousand rows
 * per outcome), so each panel is collected to the driver once and every estimator runs there on
 * arrays ({@code estimators} module, Spark-free); only the result tables go back through Spark.
 * Patient rows never reach the driver.
 *
 * <p>Each table is written with {@code replaceWhere run_id = ...}: re-running a run id replaces its
 * rows. Survey-wave outcomes are estimated the same way (periods = waves, event times in years,
 * DYNAMIC without a window); when an estimator cannot handle a wave panel (too few waves or
 * cohorts) the outcome gets a {@code NOT_ESTIMATED} row with the reason instead of failing the run.
 * A site-month outcome that cannot be estimated fails the job with a user error.
 */
public final class StaggeredAdoptionJob {

  /** Event-time window of the DYNAMIC aggregation of site-month outcomes, in months. */
  public static final int EVENT_WINDOW_FIRST_DEFAULT = -24;

  public static final int EVENT_WINDOW_LAST_DEFAULT = 36;

  /** A period enters the balanced panel only if at least this share of sites has a value in it. */
  public static final double MIN_SITE_SHARE_PER_PERIOD = 0.5;

  /** Multiplier-bootstrap draws of the simultaneous bands (did's default). */
  public static final int BOOTSTRAP_DRAWS = 999;

  /** Seed of the multiplier bootstrap, the same as the estimate stage's wild bootstrap. */
  public static final long BOOTSTRAP_SEED = EstimateJob.BOOTSTRAP_SEED;

  public static final double LEVEL = 0.95;

  /** Values of {@link StaggeredColumns#ESTIMATOR}: Callaway and Sant'Anna, Sun and Abraham. */
  public static final String ESTIMATOR_CS = "CS";

  public static final String ESTIMATOR_SA = "SA";

  /** Values of {@link StaggeredColumns#AGGREGATION} besides the {@code Aggregation} types. */
  public static final String PRE_TEST = "PRE_TEST";

  public static final String PRE_TEST_COHORT_LEADS = "PRE_TEST_COHORT_LEADS";
  public static final String NOT_ESTIMATED = "NOT_ESTIMATED";

  /** The {@link StaggeredColumns#KEY} of a row that summarises all keys. */
  public static final String OVERALL = "overall";

  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
  private static final double Z = NORMAL.inverseCumulativeProbability(1 - (1 - LEVEL) / 2);

  private final Lakehouse lake;
  private final String runId;
  private final VarianceType variance;
  private final int windowFirst;
  private final int windowLast;
  private final Set<PanelOutcome> outcomes;
  private final ComparisonGroup comparisonGroup;
  private final StageProgress stageProgress;

  private StaggeredAdoptionJob(
      Lakehouse lake,
      String runId,
      VarianceType variance,
      int windowFirst,
      int windowLast,
      Set<PanelOutcome> outcomes,
      ComparisonGroup comparisonGroup,
      StageProgress stageProgress) {
    this.stageProgress = stageProgress;
    this.lake = lake;
    this.runId = runId;
    this.variance = variance;
    this.windowFirst = windowFirst;
    this.windowLast = windowLast;
    this.outcomes = outcomes;
    this.comparisonGroup = comparisonGroup;
  }

  public static StaggeredAdoptionJob create(Lakehouse lake, String runId) {
    return new StaggeredAdoptionJob(
        lake,
        runId,
        EstimateJob.VARIANCE_DEFAULT,
        EVENT_WINDOW_FIRST_DEFAULT,
        EVENT_WINDOW_LAST_DEFAULT,
        EstimateSelection.ALL.outcomes(),
        EstimateSelection.ALL.comparisonGroup(),
        StageProgress.NONE);
  }

  /** Variance of the Sun and Abraham regression (clustered by site); CS SEs are always did's. */
  public StaggeredAdoptionJob withVariance(VarianceType varianceType) {
    return new StaggeredAdoptionJob(
        lake,
        runId,
        varianceType,
        windowFirst,
        windowLast,
        outcomes,
        comparisonGroup,
        stageProgress);
  }

  /** The DYNAMIC window of site-month outcomes, in months ({@code first <= -1 < 0 <= last}). */
  public StaggeredAdoptionJob withEventWindow(int first, int last) {
    if (first > -1 || last < 0) {
      throw PipelineErrors.didInvalidWindow(first + ":" + last);
    }
    return new StaggeredAdoptionJob(
        lake, runId, variance, first, last, outcomes, comparisonGroup, stageProgress);
  }

  /**
   * Only the selection's outcomes, with its Callaway and Sant'Anna comparison group (never-treated
   * sites by default; not-yet-treated adds pioneers of the later wave before their go-live).
   */
  public StaggeredAdoptionJob withSelection(EstimateSelection selection) {
    return new StaggeredAdoptionJob(
        lake,
        runId,
        variance,
        windowFirst,
        windowLast,
        selection.outcomes(),
        selection.comparisonGroup(),
        stageProgress);
  }

  /** Advanced by one as each outcome is estimated (or found not estimable). */
  public StaggeredAdoptionJob withStageProgress(StageProgress meter) {
    return new StaggeredAdoptionJob(
        lake, runId, variance, windowFirst, windowLast, outcomes, comparisonGroup, meter);
  }

  /** Everything estimated for one outcome. */
  public record OutcomeEstimates(
      PanelOutcome outcome,
      BalancedPanel panel,
      GroupTimeEffects groupTime,
      Map<Aggregation, AggregatedEffects> aggregations,
      Optional<ChiSquaredTest> preTest,
      Optional<ChiSquaredTest> cohortLeadsPreTest,
      SunAbrahamResult sunAbraham,
      GoodmanBaconDecomposition.Result bacon) {}

  /** An outcome the estimators could not handle (site-wave only), with the reason. */
  public record SkippedOutcome(PanelOutcome outcome, String reason) {}

  /** An outcome whose balanced panel is too small to estimate anything. */
  static final class NotEstimable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotEstimable(String message) {
      super(message);
    }
  }

  /** The job's result: estimated and skipped outcomes. */
  public record Result(List<OutcomeEstimates> estimated, List<SkippedOutcome> skipped) {}

  public Result execute() {
    List<OutcomeEstimates> estimated = new ArrayList<>();
    List<SkippedOutcome> skipped = new ArrayList<>();
    for (PanelOutcome.Level level : PanelOutcome.Level.values()) {
      LakeTable table =
          level == PanelOutcome.Level.SITE_MONTH
              ? LakeTable.SITE_MONTH_PANEL
              : LakeTable.SITE_WAVE_PANEL;
      List<PanelOutcome> outcomes = new ArrayList<>();
      for (PanelOutcome o : PanelOutcome.values()) {
        if (o.level() == level && this.outcomes.contains(o)) {
          outcomes.add(o);
        }
      }
      if (outcomes.isEmpty()) {
        continue;
      }
      if (level == PanelOutcome.Level.SITE_WAVE && !lake.exists(table)) {
        outcomes.forEach(o -> skipped.add(new SkippedOutcome(o, "no site_wave_panel table")));
        stageProgress.advance(outcomes.size());
        continue;
      }
      List<Row> rows = collect(lake.read(table, "panel"), outcomes);
      for (int i = 0; i < outcomes.size(); i++) {
        PanelOutcome outcome = outcomes.get(i);
        try {
          BalancedPanel panel = BalancedPanel.of(rows, 4 + i, level);
          estimated.add(estimate(outcome, panel));
        } catch (EstimationException | NotEstimable e) {
          if (level == PanelOutcome.Level.SITE_MONTH) {
            throw PipelineErrors.staggeredAdoptionFailed(outcome.columnName(), e);
          }
          skipped.add(new SkippedOutcome(outcome, e.getMessage()));
        }
        stageProgress.advance(1);
      }
    }
    write(estimated, skipped);
    return new Result(estimated, skipped);
  }

  /** site, period start, pioneer, go-live date, then one column per outcome (null when missing). */
  private static List<Row> collect(Dataset<Row> panel, List<PanelOutcome> outcomes) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(PanelColumns.SITE_CODE));
    columns.add(col(PanelColumns.PERIOD_START));
    columns.add(col(PanelColumns.PIONEER));
    columns.add(col(PanelColumns.GO_LIVE_DATE));
    for (PanelOutcome o : outcomes) {
      columns.add(col(o.columnName()).cast("double"));
    }
    return panel
        .select(columns.toArray(Column[]::new))
        .orderBy(PanelColumns.SITE_CODE, PanelColumns.PERIOD_START)
        .collectAsList();
  }

  private OutcomeEstimates estimate(PanelOutcome outcome, BalancedPanel panel) {
    GroupTimeEffects gt =
        CallawaySantAnna.withParameters(
                CallawaySantAnnaParameters.builder()
                    .comparisonGroup(comparisonGroup)
                    .basePeriod(BasePeriod.VARYING)
                    .build())
            .fit(panel.panel());
    Map<Aggregation, AggregatedEffects> aggregations = new EnumMap<>(Aggregation.class);
    aggregations.put(Aggregation.SIMPLE, gt.aggregate(Aggregation.SIMPLE));
    aggregations.put(Aggregation.GROUP, gt.aggregate(Aggregation.GROUP));
    aggregations.put(Aggregation.DYNAMIC, gt.aggregateDynamic(window(outcome)));
    aggregations.put(Aggregation.CALENDAR, gt.aggregate(Aggregation.CALENDAR));
    Optional<ChiSquaredTest> preTest;
    try {
      preTest = Optional.of(gt.preTrendTest());
    } catch (EstimationException e) {
      preTest = Optional.empty();
    }
    SunAbrahamResult sa =
        SunAbraham.withVariance(variance).fit(panel.observations(), panel.cohortCodes());
    GoodmanBaconDecomposition.Result bacon = GoodmanBaconDecomposition.decompose(panel.panel());
    return new OutcomeEstimates(
        outcome, panel, gt, aggregations, preTest, cohortLeadsTest(gt, outcome), sa, bacon);
  }

  private EventTimeWindow window(PanelOutcome outcome) {
    return outcome.level() == PanelOutcome.Level.SITE_MONTH
        ? EventTimeWindow.between(windowFirst, windowLast)
        : EventTimeWindow.all();
  }

  private int leadsFrom(PanelOutcome outcome) {
    return outcome.level() == PanelOutcome.Level.SITE_MONTH ? windowFirst : Integer.MIN_VALUE;
  }

  /**
   * Wald test that every cohort's mean placebo ATT(g,t) over the pre-treatment cells with event
   * time in [window start, -1] is zero: {@code W = n a' V^-1 a}, {@code V = IF'IF/n} of the cohort
   * means' influence functions (means of the cells' ones), chi-squared with one degree of freedom
   * per cohort. Empty when no cohort has such a cell or V is singular.
   */
  private Optional<ChiSquaredTest> cohortLeadsTest(GroupTimeEffects gt, PanelOutcome outcome) {
    int from = leadsFrom(outcome);
    List<GroupTimeEffect> effects = gt.effects();
    TreeMap<Integer, List<Integer>> byCohort = new TreeMap<>();
    for (int k = 0; k < effects.size(); k++) {
      GroupTimeEffect e = effects.get(k);
      if (!e.postTreatment()
          && e.eventTime() >= from
          && e.eventTime() <= -1
          && !Double.isNaN(e.standardError())) {
        byCohort.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(k);
      }
    }
    if (byCohort.isEmpty()) {
      return Optional.empty();
    }
    int n = gt.unitCount();
    int q = byCohort.size();
    double[] a = new double[q];
    double[][] inf = new double[q][n];
    int i = 0;
    for (List<Integer> cells : byCohort.values()) {
      for (int k : cells) {
        a[i] += effects.get(k).att() / cells.size();
        double[] f = gt.influenceFunction(k);
        for (int u = 0; u < n; u++) {
          inf[i][u] += f[u] / cells.size();
        }
      }
      i++;
    }
    double[][] v = new double[q][q];
    for (int r = 0; r < q; r++) {
      for (int c = 0; c < q; c++) {
        double s = 0;
        for (int u = 0; u < n; u++) {
          s += inf[r][u] * inf[c][u];
        }
        v[r][c] = s / n;
      }
    }
    DecompositionSolver solver =
        new LUDecomposition(new Array2DRowRealMatrix(v), 1e-12).getSolver();
    if (!solver.isNonSingular()) {
      return Optional.empty();
    }
    ArrayRealVector av = new ArrayRealVector(a);
    double w = n * av.dotProduct(solver.solve(av));
    double p = 1.0 - new ChiSquaredDistribution(null, q).cumulativeProbability(w);
    return Optional.of(new ChiSquaredTest(w, q, p));
  }

  // ---------------------------------------------------------------- writing

  private void write(List<OutcomeEstimates> estimated, List<SkippedOutcome> skipped) {
    Timestamp now = Timestamp.from(Instant.now());
    MultiplierBootstrap bootstrap = MultiplierBootstrap.of(BOOTSTRAP_DRAWS, BOOTSTRAP_SEED, LEVEL);
    List<Row> attGt = new ArrayList<>();
    List<Row> aggregations = new ArrayList<>();
    List<Row> bacon = new ArrayList<>();
    for (OutcomeEstimates e : estimated) {
      attGtRows(e, bootstrap, now, attGt);
      aggregationRows(e, bootstrap, now, aggregations);
      baconRows(e, now, bacon);
    }
    for (SkippedOutcome s : skipped) {
      aggregations.add(
          aggregationRow(
              s.outcome(),
              null,
              ESTIMATOR_CS,
              NOT_ESTIMATED,
              null,
              null,
              new Stat(null, null, null, null, null, null),
              null,
              null,
              null,
              s.reason(),
              "{}",
              now));
    }
    String condition = RUN_ID + " = '" + runId.replace("'", "''") + "'";
    lake.replaceWhere(
        LakeTable.ATT_GT, condition, lake.spark().createDataFrame(attGt, attGtSchema()));
    lake.replaceWhere(
        LakeTable.STAGGERED_AGGREGATIONS,
        condition,
        lake.spark().createDataFrame(aggregations, aggregationSchema()));
    lake.replaceWhere(
        LakeTable.BACON_DECOMPOSITION,
        condition,
        lake.spark().createDataFrame(bacon, baconSchema()));
  }

  private void attGtRows(
      OutcomeEstimates e, MultiplierBootstrap bootstrap, Timestamp now, List<Row> out) {
    BalancedPanel p = e.panel();
    List<GroupTimeEffect> effects = e.groupTime().effects();
    UniformBands bands = bootstrap.bands(e.groupTime());
    int b = 0;
    for (GroupTimeEffect g : effects) {
      Double uLo = null;
      Double uHi = null;
      if (!Double.isNaN(g.standardError())) {
        uLo = finite(bands.lower(b));
        uHi = finite(bands.upper(b));
        b++;
      }
      Double se = finite(g.standardError());
      out.add(
          RowFactory.create(
              runId,
              e.outcome().columnName(),
              e.outcome().level().name(),
              g.group(),
              p.startOf(g.group()),
              g.period(),
              p.startOf(g.period()),
              g.basePeriod(),
              p.startOf(g.basePeriod()),
              g.eventTime(),
              g.postTreatment(),
              g.att(),
              se,
              se == null ? null : g.att() - Z * se,
              se == null ? null : g.att() + Z * se,
              uLo,
              uHi,
              g.treatedUnits(),
              g.comparisonUnits(),
              now));
    }
  }

  private void aggregationRows(
      OutcomeEstimates e, MultiplierBootstrap bootstrap, Timestamp now, List<Row> out) {
    PanelOutcome o = e.outcome();
    BalancedPanel p = e.panel();
    String spec = specification(e);
    String exclusions = exclusionNote(e.groupTime().exclusions());
    for (Map.Entry<Aggregation, AggregatedEffects> entry : e.aggregations().entrySet()) {
      Aggregation type = entry.getKey();
      AggregatedEffects agg = entry.getValue();
      UniformBands bands = agg.effects().isEmpty() ? null : bootstrap.bands(agg);
      for (int k = 0; k < agg.effects().size(); k++) {
        AggregatedEffect c = agg.effects().get(k);
        LocalDate keyStart = type == Aggregation.DYNAMIC ? null : p.startOfLocal(c.key());
        Stat s =
            normal(c.att(), c.standardError())
                .withUniform(finite(bands.lower(k)), finite(bands.upper(k)));
        out.add(
            aggregationRow(
                o,
                p,
                ESTIMATOR_CS,
                type.name(),
                Integer.toString(c.key()),
                c.key(),
                s,
                keyStart,
                null,
                null,
                Double.isNaN(c.standardError()) ? "SE not defined (influence function 0)" : null,
                spec,
                now));
      }
      out.add(
          aggregationRow(
              o,
              p,
              ESTIMATOR_CS,
              type.name(),
              OVERALL,
              null,
              normal(agg.overallAtt(), agg.overallStandardError()),
              null,
              null,
              null,
              exclusions,
              spec,
              now));
    }
    out.add(preTestRow(o, p, PRE_TEST, e.preTest(), spec, now, "did's pre-test"));
    out.add(
        preTestRow(
            o,
            p,
            PRE_TEST_COHORT_LEADS,
            e.cohortLeadsPreTest(),
            spec,
            now,
            "cohort leads pre-test"));
    SunAbrahamResult sa = e.sunAbraham();
    String saNote = exclusionNote(sa.exclusions());
    int from = leadsFrom(o);
    int to = o.level() == PanelOutcome.Level.SITE_MONTH ? windowLast : Integer.MAX_VALUE;
    for (EventStudyCoefficient c : sa.eventTimeEffects()) {
      if (c.eventTime() < from || c.eventTime() > to) {
        continue;
      }
      out.add(
          aggregationRow(
              o,
              p,
              ESTIMATOR_SA,
              Aggregation.DYNAMIC.name(),
              Integer.toString(c.eventTime()),
              c.eventTime(),
              new Stat(
                  c.estimate(),
                  finite(c.standardError()),
                  finite(c.ciLower()),
                  finite(c.ciUpper()),
                  finite(c.pValue()),
                  null),
              null,
              null,
              null,
              null,
              spec,
              now));
    }
    SunAbrahamResult.WeightedEffect att = sa.att();
    double q =
        new org.apache.commons.math3.distribution.TDistribution(
                null, sa.regression().degreesOfFreedom())
            .inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
    out.add(
        aggregationRow(
            o,
            p,
            ESTIMATOR_SA,
            Aggregation.SIMPLE.name(),
            OVERALL,
            null,
            new Stat(
                att.estimate(),
                finite(att.standardError()),
                finite(att.estimate() - q * att.standardError()),
                finite(att.estimate() + q * att.standardError()),
                finite(att.pValue()),
                null),
            null,
            null,
            null,
            saNote,
            spec,
            now));
  }

  private Row preTestRow(
      PanelOutcome o,
      BalancedPanel p,
      String name,
      Optional<ChiSquaredTest> test,
      String spec,
      Timestamp now,
      String what) {
    ChiSquaredTest t = test.orElse(null);
    return aggregationRow(
        o,
        p,
        ESTIMATOR_CS,
        name,
        OVERALL,
        null,
        new Stat(null, null, null, null, t == null ? null : finite(t.pValue()), null),
        null,
        t == null ? null : t.statistic(),
        t == null ? null : t.degreesOfFreedom(),
        t == null
            ? what
                + " not computable: no pre-treatment cell, or their covariance is singular (more"
                + " cells than sites)"
            : null,
        spec,
        now);
  }

  /** Estimate, SE, CI, p and simultaneous band of one row; nulls where undefined. */
  private record Stat(
      Double estimate, Double se, Double lower, Double upper, Double p, Double[] uniform) {
    Stat withUniform(Double lo, Double hi) {
      return new Stat(estimate, se, lower, upper, p, new Double[] {lo, hi});
    }
  }

  private static Stat normal(double estimate, double se) {
    Double s = finite(se);
    if (s == null) {
      return new Stat(finite(estimate), null, null, null, null, null);
    }
    double p = 2 * NORMAL.cumulativeProbability(-Math.abs(estimate / se));
    return new Stat(estimate, s, estimate - Z * se, estimate + Z * se, p, null);
  }

  private Row aggregationRow(
      PanelOutcome o,
      BalancedPanel p,
      String estimator,
      String aggregation,
      String key,
      Integer keyValue,
      Stat s,
      LocalDate keyStart,
      Double chiSquared,
      Integer chiSquaredDf,
      String note,
      String spec,
      Timestamp now) {
    return RowFactory.create(
        runId,
        o.columnName(),
        o.level().name(),
        estimator,
        aggregation,
        key,
        keyValue,
        keyStart == null ? null : Date.valueOf(keyStart),
        s.estimate(),
        s.se(),
        s.lower(),
        s.upper(),
        s.uniform() == null ? null : s.uniform()[0],
        s.uniform() == null ? null : s.uniform()[1],
        s.p(),
        chiSquared,
        chiSquaredDf,
        note,
        spec,
        p == null ? null : p.panel().unitCount(),
        p == null ? null : p.pioneerSites(),
        p == null ? null : p.comparisonSites(),
        p == null ? null : p.panel().periodCount(),
        p == null ? null : p.sitesDropped(),
        p == null ? null : p.periodsDropped(),
        p == null ? null : p.rowsDropped(),
        now);
  }

  private void baconRows(OutcomeEstimates e, Timestamp now, List<Row> out) {
    GoodmanBaconDecomposition.Result r = e.bacon();
    Map<GoodmanBaconDecomposition.ComparisonType, Integer> counts = new LinkedHashMap<>();
    r.comparisons().forEach(c -> counts.merge(c.type(), 1, Integer::sum));
    for (GoodmanBaconDecomposition.TypeSummary t : r.byType().values()) {
      out.add(
          RowFactory.create(
              runId,
              e.outcome().columnName(),
              e.outcome().level().name(),
              t.type().name(),
              t.weight(),
              finite(t.averageEstimate()),
              counts.get(t.type()),
              r.twfeEstimate(),
              e.panel().panel().unitCount(),
              e.panel().panel().periodCount(),
              now));
    }
  }

  private String specification(OutcomeEstimates e) {
    BalancedPanel p = e.panel();
    boolean months = e.outcome().level() == PanelOutcome.Level.SITE_MONTH;
    StringBuilder exclusions = new StringBuilder("[");
    List<Exclusion> all = new ArrayList<>(e.groupTime().exclusions());
    all.addAll(e.sunAbraham().exclusions());
    all.addAll(e.bacon().exclusions());
    for (int i = 0; i < all.size(); i++) {
      Exclusion x = all.get(i);
      exclusions
          .append(i == 0 ? "" : ",")
          .append("{\"reason\":\"")
          .append(x.reason())
          .append("\",\"group\":")
          .append(x.group())
          .append(",\"period\":")
          .append(x.period())
          .append(",\"units\":")
          .append(x.units())
          .append('}');
    }
    exclusions.append(']');
    return "{\"panel\":\""
        + e.outcome().level()
        + "\",\"periods\":\""
        + (months ? "months, label 1 = " + p.firstStart() : "survey waves, label = year")
        + "\",\"balancing\":{\"min_site_share_per_period\":"
        + MIN_SITE_SHARE_PER_PERIOD
        + ",\"sites_without_every_period\":\"dropped\",\"pioneers_without_go_live\":\"dropped\"}"
        + ",\"cs\":{\"comparison\":\""
        + comparisonGroup
        + "\",\"base_period\":\"VARYING\""
        + ",\"covariates\":[],\"anticipation\":0,\"se\":\"analytic, clustered by site\""
        + ",\"ci\":\"normal\",\"dynamic_window\":"
        + (months ? "[" + windowFirst + "," + windowLast + "]" : "null")
        + "},\"sa\":{\"reference_period\":-1,\"variance\":\""
        + variance
        + "\",\"cluster\":\"site\"},\"uniform_bands\":{\"draws\":"
        + BOOTSTRAP_DRAWS
        + ",\"weights\":\"RADEMACHER\",\"seed\":"
        + BOOTSTRAP_SEED
        + ",\"level\":"
        + LEVEL
        + "},\"exclusions\":"
        + exclusions
        + "}";
  }

  private static String exclusionNote(List<Exclusion> exclusions) {
    if (exclusions.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (Exclusion x : exclusions) {
      b.append(b.length() == 0 ? "" : "; ").append(x.reason()).append(": ").append(x.detail());
    }
    return b.toString();
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static StructType attGtSchema() {
    return new StructType()
        .add(RUN_ID, DataTypes.StringType)
        .add(OUTCOME, DataTypes.StringType)
        .add(PANEL, DataTypes.StringType)
        .add(GROUP, DataTypes.IntegerType)
        .add(GROUP_START, DataTypes.DateType)
        .add(PERIOD, DataTypes.IntegerType)
        .add(PERIOD_START, DataTypes.DateType)
        .add(BASE_PERIOD, DataTypes.IntegerType)
        .add(BASE_PERIOD_START, DataTypes.DateType)
        .add(EVENT_TIME, DataTypes.IntegerType)
        .add(POST_TREATMENT, DataTypes.BooleanType)
        .add(ATT, DataTypes.DoubleType)
        .add(STD_ERROR, DataTypes.DoubleType)
        .add(CI_LOWER, DataTypes.DoubleType)
        .add(CI_UPPER, DataTypes.DoubleType)
        .add(UNIFORM_CI_LOWER, DataTypes.DoubleType)
        .add(UNIFORM_CI_UPPER, DataTypes.DoubleType)
        .add(TREATED_UNITS, DataTypes.IntegerType)
        .add(COMPARISON_UNITS, DataTypes.IntegerType)
        .add(ESTIMATED_AT, DataTypes.TimestampType);
  }

  private static StructType aggregationSchema() {
    return new StructType()
        .add(RUN_ID, DataTypes.StringType)
        .add(OUTCOME, DataTypes.StringType)
        .add(PANEL, DataTypes.StringType)
        .add(ESTIMATOR, DataTypes.StringType)
        .add(AGGREGATION, DataTypes.StringType)
        .add(KEY, DataTypes.StringType)
        .add(KEY_VALUE, DataTypes.IntegerType)
        .add(KEY_PERIOD_START, DataTypes.DateType)
        .add(ESTIMATE, DataTypes.DoubleType)
        .add(STD_ERROR, DataTypes.DoubleType)
        .add(CI_LOWER, DataTypes.DoubleType)
        .add(CI_UPPER, DataTypes.DoubleType)
        .add(UNIFORM_CI_LOWER, DataTypes.DoubleType)
        .add(UNIFORM_CI_UPPER, DataTypes.DoubleType)
        .add(P_VALUE, DataTypes.DoubleType)
        .add(CHI_SQUARED, DataTypes.DoubleType)
        .add(CHI_SQUARED_DF, DataTypes.IntegerType)
        .add(NOTE, DataTypes.StringType)
        .add(SPECIFICATION, DataTypes.StringType)
        .add(N_SITES, DataTypes.IntegerType)
        .add(N_PIONEER_SITES, DataTypes.IntegerType)
        .add(N_COMPARISON_SITES, DataTypes.IntegerType)
        .add(N_PERIODS, DataTypes.IntegerType)
        .add(SITES_DROPPED, DataTypes.IntegerType)
        .add(PERIODS_DROPPED, DataTypes.IntegerType)
        .add(ROWS_DROPPED, DataTypes.IntegerType)
        .add(ESTIMATED_AT, DataTypes.TimestampType);
  }

  private static StructType baconSchema() {
    return new StructType()
        .add(RUN_ID, DataTypes.StringType)
        .add(OUTCOME, DataTypes.StringType)
        .add(PANEL, DataTypes.StringType)
        .add(COMPARISON_TYPE, DataTypes.StringType)
        .add(WEIGHT, DataTypes.DoubleType)
        .add(ESTIMATE, DataTypes.DoubleType)
        .add(COMPARISONS, DataTypes.IntegerType)
        .add(TWFE, DataTypes.DoubleType)
        .add(N_SITES, DataTypes.IntegerType)
        .add(N_PERIODS, DataTypes.IntegerType)
        .add(ESTIMATED_AT, DataTypes.TimestampType);
  }

  // ---------------------------------------------------------------- the balanced panel

  /**
   * One outcome's balanced site x period panel on the driver (see the class comment for the rule):
   * the estimators' wide panel, the site codes in unit order, the kept period labels and starts.
   */
  public record BalancedPanel(
      PanelOutcome.Level level,
      StaggeredPanel panel,
      double[][] outcomes,
      List<String> siteCodes,
      int[] cohortLabels,
      List<LocalDate> periodStarts,
      int pioneerSites,
      int comparisonSites,
      int sitesDropped,
      int periodsDropped,
      int rowsDropped) {

    /**
     * @param rows site, period start, pioneer, go-live date, outcomes... ordered by site, period
     * @param column the outcome's column in {@code rows}
     */
    static BalancedPanel of(List<Row> rows, int column, PanelOutcome.Level level) {
      TreeSet<LocalDate> allPeriods = new TreeSet<>();
      Map<String, Boolean> pioneer = new LinkedHashMap<>();
      Map<String, LocalDate> goLive = new LinkedHashMap<>();
      Map<String, Map<LocalDate, Double>> values = new LinkedHashMap<>();
      for (Row r : rows) {
        String site = r.getString(0);
        LocalDate start = r.getDate(1).toLocalDate();
        allPeriods.add(start);
        pioneer.put(site, !r.isNullAt(2) && r.getBoolean(2));
        if (!r.isNullAt(3)) {
          goLive.put(site, r.getDate(3).toLocalDate());
        }
        Map<LocalDate, Double> v = values.computeIfAbsent(site, s -> new TreeMap<>());
        if (!r.isNullAt(column) && Double.isFinite(r.getDouble(column))) {
          v.put(start, r.getDouble(column));
        }
      }
      // sites that can be placed: comparison sites and pioneers with a go-live date
      List<String> candidates = new ArrayList<>();
      int dropped = 0;
      for (String site : values.keySet()) {
        if (pioneer.get(site) && !goLive.containsKey(site)) {
          dropped++;
        } else {
          candidates.add(site);
        }
      }
      // (1) periods with a value for at least the minimum share of sites
      List<LocalDate> periods = new ArrayList<>();
      for (LocalDate p : allPeriods) {
        int have = 0;
        for (String site : candidates) {
          have += values.get(site).containsKey(p) ? 1 : 0;
        }
        if (have > 0 && have >= MIN_SITE_SHARE_PER_PERIOD * candidates.size()) {
          periods.add(p);
        }
      }
      int periodsDropped = allPeriods.size() - periods.size();
      // (2) sites with a value in every kept period
      List<String> sites = new ArrayList<>();
      for (String site : candidates) {
        if (values.get(site).keySet().containsAll(periods)) {
          sites.add(site);
        } else {
          dropped++;
        }
      }
      int rowsWithValue = 0;
      for (Map<LocalDate, Double> v : values.values()) {
        rowsWithValue += v.size();
      }
      int kept = sites.size() * periods.size();
      if (periods.size() < 2 || sites.isEmpty()) {
        throw tooLittleData(level, periods.size(), sites.size());
      }
      LocalDate first = periods.get(0);
      int[] labels = new int[periods.size()];
      for (int t = 0; t < labels.length; t++) {
        labels[t] = label(level, first, periods.get(t));
      }
      double[][] y = new double[sites.size()][periods.size()];
      int[] cohort = new int[sites.size()];
      long[] ids = new long[sites.size()];
      int pioneers = 0;
      for (int u = 0; u < sites.size(); u++) {
        String site = sites.get(u);
        ids[u] = u;
        for (int t = 0; t < periods.size(); t++) {
          y[u][t] = values.get(site).get(periods.get(t));
        }
        if (pioneer.get(site)) {
          pioneers++;
          cohort[u] = cohortLabel(level, first, periods, goLive.get(site));
        } else {
          cohort[u] = StaggeredPanel.NEVER_TREATED;
        }
      }
      StaggeredPanel panel =
          StaggeredPanel.builder()
              .periods(labels)
              .outcomes(y)
              .firstTreated(cohort)
              .unitIds(ids)
              .build();
      return new BalancedPanel(
          level,
          panel,
          y,
          List.copyOf(sites),
          cohort,
          List.copyOf(periods),
          pioneers,
          sites.size() - pioneers,
          dropped,
          periodsDropped,
          rowsWithValue - kept);
    }

    private static NotEstimable tooLittleData(PanelOutcome.Level level, int periods, int sites) {
      return new NotEstimable(
          String.format(
              Locale.ROOT,
              "after balancing, the %s panel has %d period(s) and %d site(s) with a value in every"
                  + " period; at least 2 periods and some sites are needed.",
              level,
              periods,
              sites));
    }

    /** Month index from the first kept month (1-based), or the wave's year. */
    static int label(PanelOutcome.Level level, LocalDate first, LocalDate start) {
      return level == PanelOutcome.Level.SITE_MONTH
          ? (int) ChronoUnit.MONTHS.between(first.withDayOfMonth(1), start.withDayOfMonth(1)) + 1
          : start.getYear();
    }

    /**
     * The label of the first period starting on or after go-live: for months the calendar month
     * (kept or not), for waves the first kept wave (or the year after the last wave when go-live is
     * after it, which the estimators treat as never treated); at least the first label.
     */
    static int cohortLabel(
        PanelOutcome.Level level, LocalDate first, List<LocalDate> periods, LocalDate goLive) {
      if (level == PanelOutcome.Level.SITE_MONTH) {
        LocalDate month = goLive.withDayOfMonth(1);
        if (month.isBefore(goLive)) {
          month = month.plusMonths(1);
        }
        return Math.max(1, label(level, first, month));
      }
      for (LocalDate p : periods) {
        if (!p.isBefore(goLive)) {
          return label(level, first, p);
        }
      }
      return periods.get(periods.size() - 1).getYear() + 1;
    }

    LocalDate firstStart() {
      return periodStarts.get(0);
    }

    /** The start date of a period label. */
    LocalDate startOfLocal(int label) {
      return level == PanelOutcome.Level.SITE_MONTH
          ? firstStart().withDayOfMonth(1).plusMonths(label - 1L)
          : LocalDate.of(label, 1, 1);
    }

    Date startOf(int label) {
      return Date.valueOf(startOfLocal(label));
    }

    /** Long rows for Sun and Abraham: time = index of the kept period, cluster = site. */
    PanelObservations observations() {
      int n = panel.unitCount();
      int t = panel.periodCount();
      double[] y = new double[n * t];
      int[] unit = new int[n * t];
      int[] time = new int[n * t];
      for (int u = 0; u < n; u++) {
        for (int p = 0; p < t; p++) {
          int i = u * t + p;
          y[i] = outcomes[u][p];
          unit[i] = u;
          time[i] = p;
        }
      }
      return PanelObservations.builder().outcome(y).unit(unit).time(time).cluster(unit).build();
    }

    /**
     * Per row of {@link #observations()}, the cohort as an index of the kept periods ({@link
     * SunAbraham#NEVER_TREATED} for comparison sites; the number of periods when adoption is after
     * the last one).
     */
    int[] cohortCodes() {
      int n = panel.unitCount();
      int t = panel.periodCount();
      int[] labels = panel.periods();
      int[] out = new int[n * t];
      for (int u = 0; u < n; u++) {
        int code;
        if (cohortLabels[u] == StaggeredPanel.NEVER_TREATED) {
          code = SunAbraham.NEVER_TREATED;
        } else {
          code = t;
          for (int p = 0; p < t; p++) {
            if (labels[p] >= cohortLabels[u]) {
              code = p;
              break;
            }
          }
        }
        for (int p = 0; p < t; p++) {
          out[u * t + p] = code;
        }
      }
      return out;
    }
  }
}
