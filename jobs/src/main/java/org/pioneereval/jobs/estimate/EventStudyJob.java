package org.pioneereval.jobs.estimate;

import static org.pioneereval.jobs.estimate.EventStudyColumns.*;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.estimators.EstimationException;
import org.pioneereval.estimators.EventStudy;
import org.pioneereval.estimators.EventStudyCoefficient;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.PanelObservations;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.estimators.WaldTest;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * Event studies of the site-month outcomes, part of the estimate stage: for each outcome,
 *
 * <pre>
 *   y_st = a_s + l_t + sum_{k = -24..24, k != -1} b_k 1{E_st = k} + e_st
 * </pre>
 *
 * with {@code E_st} the whole months from site s's go-live to month t ({@code
 * panel/site_month_panel.event_time_months}; comparison sites have no event dummies), months beyond
 * the window pooled into the end points (binned, Schmidheiny and Siegloch 2023), standard errors
 * clustered by site (CR1 as the TWFE effect, t with G-1 df). Writes every {@code b_k}, with the
 * reference month as a row of its own, to {@code results/event_study}, and returns the pre-trend
 * test, which {@link EstimateJob} stores beside the TWFE effect in {@code results/did_effects}.
 * Survey-wave outcomes have too few waves for an event study and are left out.
 *
 * <p>The pre-trend test is the joint cluster-robust Wald test F(q, G-1) that the leads {@code b_-6
 * .. b_-2} are zero ({@link #PRE_TREND_FIRST_LEAD_DEFAULT}), not all 23 leads of the window: with
 * about 65 sites the cluster-robust covariance of 23 leads is too noisy for an F test. Measured on
 * simulated panels shaped like the evaluation (65 sites, 14 + 11 pioneers, 72 months, AR(1) noise,
 * no pre-trend; 200 replications): the test of all 23 leads rejected at 5% in 80% of replications,
 * leads -12..-2 in 18%, leads -6..-2 in 12%, leads -4..-2 in 9%. Even -6..-2 is liberal; read a
 * small p-value together with the lead coefficients. With staggered go-live and effects that differ
 * by wave the coefficients can be contaminated by other months' effects (Sun and Abraham 2021);
 * read them with the TWFE effect, not instead.
 */
public final class EventStudyJob {

  public static final int WINDOW_FIRST_DEFAULT = -24;
  public static final int WINDOW_LAST_DEFAULT = 24;
  public static final int REFERENCE_MONTH_DEFAULT = -1;

  /** The earliest lead in the pre-trend Wald test, which covers leads -6..-2 (see above). */
  public static final int PRE_TREND_FIRST_LEAD_DEFAULT = -6;

  private final Lakehouse lake;
  private final String runId;
  private final VarianceType variance;
  private final int windowFirst;
  private final int windowLast;
  private final Set<PanelOutcome> outcomes;

  private EventStudyJob(
      Lakehouse lake,
      String runId,
      VarianceType variance,
      int windowFirst,
      int windowLast,
      Set<PanelOutcome> outcomes) {
    this.lake = lake;
    this.runId = runId;
    this.variance = variance;
    this.windowFirst = windowFirst;
    this.windowLast = windowLast;
    this.outcomes = outcomes;
  }

  public static EventStudyJob create(Lakehouse lake, String runId) {
    return new EventStudyJob(
        lake,
        runId,
        EstimateJob.VARIANCE_DEFAULT,
        WINDOW_FIRST_DEFAULT,
        WINDOW_LAST_DEFAULT,
        EstimateSelection.ALL.outcomes());
  }

  public EventStudyJob withVariance(VarianceType varianceType) {
    return new EventStudyJob(lake, runId, varianceType, windowFirst, windowLast, outcomes);
  }

  /** Event times estimated, e.g. (-24, 24); months beyond are pooled into the end points. */
  public EventStudyJob withWindow(int firstMonth, int lastMonth) {
    return new EventStudyJob(lake, runId, variance, firstMonth, lastMonth, outcomes);
  }

  /** Only these outcomes' event studies (the site-month ones among them); all by default. */
  public EventStudyJob withOutcomes(Set<PanelOutcome> chosen) {
    return new EventStudyJob(lake, runId, variance, windowFirst, windowLast, Set.copyOf(chosen));
  }

  /** One outcome's event study and its pre-trend test (empty when no lead was estimable). */
  public record OutcomeEventStudy(
      PanelOutcome outcome, EventStudyResult result, Optional<WaldTest> preTrendWald) {}

  /** Every site-month outcome's event study, in {@link PanelOutcome} order. */
  public record Result(List<OutcomeEventStudy> studies) {

    /** The pre-trend Wald test by outcome, for the outcomes that have one. */
    public Map<PanelOutcome, WaldTest> preTrendTests() {
      Map<PanelOutcome, WaldTest> tests = new LinkedHashMap<>();
      for (OutcomeEventStudy s : studies) {
        s.preTrendWald().ifPresent(w -> tests.put(s.outcome(), w));
      }
      return tests;
    }
  }

  public Result execute() {
    List<PanelOutcome> studied =
        Arrays.stream(PanelOutcome.values())
            .filter(o -> o.level() == PanelOutcome.Level.SITE_MONTH && outcomes.contains(o))
            .toList();
    return execute(DriverPanel.collect(lake.read(LakeTable.SITE_MONTH_PANEL, "panel"), studied));
  }

  /** The event studies on the site-month panel the estimate stage has already read. */
  Result execute(DriverPanel siteMonth) {
    EventStudy model =
        EventStudy.builder()
            .variance(variance)
            .referencePeriod(REFERENCE_MONTH_DEFAULT)
            .window(windowFirst, windowLast)
            .binEndpoints(true)
            .build();
    List<OutcomeEventStudy> studies = new ArrayList<>();
    for (PanelOutcome outcome : PanelOutcome.values()) {
      if (outcome.level() != PanelOutcome.Level.SITE_MONTH || !outcomes.contains(outcome)) {
        continue;
      }
      EventPanel panel = EventPanel.collect(siteMonth, outcome);
      try {
        EventStudyResult result = model.fit(panel.observations(), panel.eventTime());
        studies.add(
            new OutcomeEventStudy(
                outcome, result, preTrendWald(result, PRE_TREND_FIRST_LEAD_DEFAULT)));
      } catch (EstimationException e) {
        throw PipelineErrors.eventStudyFailed(outcome.columnName(), e);
      }
    }
    write(studies);
    return new Result(studies);
  }

  /**
   * Joint Wald test that the leads from {@code firstLead} to the last month before the reference
   * are zero; empty when none of them was estimable. The event-time dummies are the first
   * regressors of {@link EventStudyResult#regression()}, in the order of {@link
   * EventStudyResult#coefficients()}.
   */
  public static Optional<WaldTest> preTrendWald(EventStudyResult result, int firstLead) {
    List<EventStudyCoefficient> coefficients = result.coefficients();
    List<Integer> leads = new ArrayList<>();
    for (int j = 0; j < coefficients.size(); j++) {
      int k = coefficients.get(j).eventTime();
      if (k >= firstLead && k < 0) {
        leads.add(j);
      }
    }
    if (leads.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        result.regression().waldTest(leads.stream().mapToInt(Integer::intValue).toArray()));
  }

  private void write(List<OutcomeEventStudy> studies) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (OutcomeEventStudy s : studies) {
      EventStudyResult r = s.result();
      long n = r.regression().nObservations();
      int g = r.regression().nClusters();
      String varianceType = r.regression().varianceType().name();
      boolean referenceWritten = false;
      for (EventStudyCoefficient c : r.coefficients()) {
        if (!referenceWritten && c.eventTime() > r.referencePeriod()) {
          rows.add(referenceRow(s.outcome(), r.referencePeriod(), n, g, varianceType, now));
          referenceWritten = true;
        }
        rows.add(
            RowFactory.create(
                runId,
                s.outcome().columnName(),
                c.eventTime(),
                c.estimate(),
                c.standardError(),
                c.tStatistic(),
                c.pValue(),
                c.ciLower(),
                c.ciUpper(),
                false,
                c.eventTime() == windowFirst || c.eventTime() == windowLast,
                n,
                g,
                varianceType,
                now));
      }
      if (!referenceWritten) {
        rows.add(referenceRow(s.outcome(), r.referencePeriod(), n, g, varianceType, now));
      }
    }
    StructType schema =
        new StructType()
            .add(RUN_ID, DataTypes.StringType, false)
            .add(OUTCOME, DataTypes.StringType, false)
            .add(EVENT_TIME, DataTypes.IntegerType, false)
            .add(ESTIMATE, DataTypes.DoubleType)
            .add(STD_ERROR, DataTypes.DoubleType)
            .add(T_STATISTIC, DataTypes.DoubleType)
            .add(P_VALUE, DataTypes.DoubleType)
            .add(CI_LOWER, DataTypes.DoubleType)
            .add(CI_UPPER, DataTypes.DoubleType)
            .add(IS_REFERENCE, DataTypes.BooleanType)
            .add(IS_BINNED_ENDPOINT, DataTypes.BooleanType)
            .add(N_OBSERVATIONS, DataTypes.LongType)
            .add(N_CLUSTERS, DataTypes.IntegerType)
            .add(VARIANCE_TYPE, DataTypes.StringType)
            .add(ESTIMATED_AT, DataTypes.TimestampType);
    lake.replaceWhere(
        LakeTable.EVENT_STUDY,
        RUN_ID + " = '" + runId + "'",
        lake.spark().createDataFrame(rows, schema));
  }

  private Row referenceRow(
      PanelOutcome outcome, int month, long n, int g, String varianceType, Timestamp now) {
    return RowFactory.create(
        runId,
        outcome.columnName(),
        month,
        0.0,
        null,
        null,
        null,
        null,
        null,
        true,
        false,
        n,
        g,
        varianceType,
        now);
  }

  /** One outcome's site-month rows on the driver: sites and months as dense codes, event times. */
  record EventPanel(double[] y, int[] site, int[] month, int[] eventTime) {

    static EventPanel collect(DriverPanel panel, PanelOutcome outcome) {
      List<Row> rows = panel.rowsWith(outcome);
      int value = panel.column(outcome);
      int n = rows.size();
      TreeMap<LocalDate, Integer> monthIndex = new TreeMap<>();
      for (Row row : rows) {
        monthIndex.putIfAbsent(row.getDate(DriverPanel.PERIOD_START).toLocalDate(), 0);
      }
      int next = 0;
      for (Map.Entry<LocalDate, Integer> e : monthIndex.entrySet()) {
        e.setValue(next++);
      }
      Map<String, Integer> siteIndex = new HashMap<>();
      double[] y = new double[n];
      int[] site = new int[n];
      int[] month = new int[n];
      int[] eventTime = new int[n];
      for (int i = 0; i < n; i++) {
        Row row = rows.get(i);
        site[i] = siteIndex.computeIfAbsent(row.getString(DriverPanel.SITE), k -> siteIndex.size());
        month[i] = monthIndex.get(row.getDate(DriverPanel.PERIOD_START).toLocalDate());
        y[i] = row.getDouble(value);
        eventTime[i] =
            row.isNullAt(DriverPanel.EVENT_TIME)
                ? EventStudy.NEVER_TREATED
                : row.getInt(DriverPanel.EVENT_TIME);
      }
      return new EventPanel(y, site, month, eventTime);
    }

    PanelObservations observations() {
      return PanelObservations.builder().outcome(y).unit(site).time(month).cluster(site).build();
    }
  }
}
