package org.pioneereval.jobs.notebook;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.estimators.Aggregation;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.EventStudyColumns;
import org.pioneereval.jobs.estimate.StaggeredAdoptionJob;
import org.pioneereval.jobs.estimate.StaggeredColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.report.DisclosureControl;
import org.pioneereval.jobs.report.EventTimeSites;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The results of one pipeline run, for notebooks: its effects ({@code results/did_effects}), the
 * panels it estimated on, and its other result tables, read from the lake with the session passed
 * in.
 *
 * <p>Panels are rebuilt by every run ({@code panel/*} are overwritten), so the panels of an earlier
 * run are read by Delta time travel: the last panel version committed before the run's effects were
 * estimated. Re-estimating on them ({@link #outcomePanel}) therefore reproduces that run's numbers
 * even after later runs.
 */
public final class EvaluationRun {

  private static final String SUPPRESSED = "suppressed";

  private final Lakehouse lake;
  private final String runId;
  private final List<EffectEstimate> effects;
  private final Instant estimatedAt;
  private final DisclosureControl disclosure;
  private final Map<PanelOutcome.Level, Long> panelVersions =
      new EnumMap<>(PanelOutcome.Level.class);

  private EvaluationRun(
      Lakehouse lake,
      String runId,
      List<EffectEstimate> effects,
      Instant estimatedAt,
      DisclosureControl disclosure) {
    this.lake = lake;
    this.runId = runId;
    this.effects = List.copyOf(effects);
    this.estimatedAt = estimatedAt;
    this.disclosure = disclosure;
  }

  /**
   * The same run shown under another disclosure control (e.g. a stricter threshold for a
   * publication); runs open under the report's defaults.
   */
  public EvaluationRun withDisclosure(DisclosureControl control) {
    return new EvaluationRun(lake, runId, effects, estimatedAt, control);
  }

  /** The run the parameters name (the latest when they name none) in their lake. */
  public static EvaluationRun open(SparkSession spark, NotebookParameters parameters) {
    return open(Lakehouse.at(spark, parameters.lake()), parameters.runId());
  }

  /**
   * A run of a lake; the latest (last estimated) when {@code runId} is empty.
   *
   * @throws org.pioneereval.jobs.runtime.PioneerEvalException when the lake has no results yet or
   *     none of the run
   */
  public static EvaluationRun open(Lakehouse lake, Optional<String> runId) {
    String id = runId.orElseGet(() -> latestRunId(lake));
    List<Row> rows =
        lake.read(LakeTable.DID_EFFECTS, "estimate")
            .filter(col(EffectColumns.RUN_ID).equalTo(id))
            .collectAsList();
    if (rows.isEmpty()) {
      throw PipelineErrors.unknownRun(id, Path.of(lake.root()), runIds(lake));
    }
    List<EffectEstimate> effects = new ArrayList<>();
    Instant estimatedAt = Instant.EPOCH;
    for (Row row : rows) {
      effects.add(EffectEstimate.fromRow(row));
      Instant at = ((Timestamp) row.getAs(EffectColumns.ESTIMATED_AT)).toInstant();
      estimatedAt = at.isAfter(estimatedAt) ? at : estimatedAt;
    }
    effects.sort(
        Comparator.comparing(EffectEstimate::outcome).thenComparing(EffectEstimate::estimator));
    return new EvaluationRun(lake, id, effects, estimatedAt, DisclosureControl.defaults());
  }

  /** The runs with effects in a lake, oldest first. */
  public static List<String> runIds(Lakehouse lake) {
    if (!lake.exists(LakeTable.DID_EFFECTS)) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    lake.read(LakeTable.DID_EFFECTS, "estimate")
        .groupBy(EffectColumns.RUN_ID)
        .agg(min(col(EffectColumns.ESTIMATED_AT)).as("first_estimated_at"))
        .orderBy("first_estimated_at", EffectColumns.RUN_ID)
        .collectAsList()
        .forEach(r -> ids.add(r.getString(0)));
    return ids;
  }

  private static String latestRunId(Lakehouse lake) {
    List<String> ids = runIds(lake);
    if (ids.isEmpty()) {
      throw PipelineErrors.missingTable(
          LakeTable.DID_EFFECTS.tableName(),
          Path.of(lake.location(LakeTable.DID_EFFECTS)),
          "estimate");
    }
    return ids.get(ids.size() - 1);
  }

  public String runId() {
    return runId;
  }

  public Lakehouse lake() {
    return lake;
  }

  /** When the run's effects were written. */
  public Instant estimatedAt() {
    return estimatedAt;
  }

  /** Every effect of the run, by outcome (the panel stage's order) and estimator (TWFE, 2x2). */
  public List<EffectEstimate> effects() {
    return effects;
  }

  public EffectEstimate effect(PanelOutcome outcome, Estimator estimator) {
    return effects.stream()
        .filter(e -> e.outcome() == outcome && e.estimator() == estimator)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Run " + runId + " has no " + estimator + " effect of " + outcome + "."));
  }

  /**
   * Whether an effect may be shown: at least the disclosure threshold of pioneer sites and of
   * comparison sites behind it (the report's rule).
   */
  public boolean mayShow(EffectEstimate effect) {
    return disclosure.mayShowComparison(effect.pioneerSites(), effect.comparisonSites());
  }

  /**
   * Whether an estimate on this panel (e.g. one wave's pioneers, or the panel without some sites)
   * may be shown: at least the disclosure threshold of pioneer sites and of comparison sites in it.
   */
  public boolean mayShow(OutcomePanel panel) {
    return disclosure.mayShowComparison(
        panel.pioneerSites().size(), panel.comparisonSites().size());
  }

  /**
   * Whether a leave-one-site-out estimate may be shown: the panel without that site still has the
   * disclosure threshold of pioneer sites and of comparison sites.
   */
  public boolean mayShow(OutcomePanel panel, OutcomePanel.SiteInfluence withoutSite) {
    int pioneers = panel.pioneerSites().size() - (withoutSite.pioneer() ? 1 : 0);
    int comparisons = panel.comparisonSites().size() - (withoutSite.pioneer() ? 0 : 1);
    return disclosure.mayShowComparison(pioneers, comparisons);
  }

  /**
   * Whether an outcome's other estimates (event study, staggered adoption) may be shown: its TWFE
   * effect may, as in the report.
   */
  public boolean mayShowOutcome(PanelOutcome outcome) {
    return effects.stream()
        .filter(e -> e.outcome() == outcome && e.estimator() == Estimator.TWFE)
        .findFirst()
        .map(this::mayShow)
        .orElse(false);
  }

  /** One effect in words ({@link EffectEstimate#sentence()}), or why it is not shown. */
  public String sentence(EffectEstimate effect) {
    if (mayShow(effect)) {
      return effect.sentence();
    }
    return effect.outcome().label()
        + " ("
        + label(effect.estimator())
        + "): suppressed, fewer than "
        + disclosure.threshold()
        + " pioneer or comparison sites ("
        + effect.pioneerSites()
        + " / "
        + effect.comparisonSites()
        + ").";
  }

  private static String label(Estimator estimator) {
    return estimator == Estimator.TWFE ? "TWFE" : "2x2";
  }

  /**
   * The effects as the report shows them: effect, 95% CI, p-values, effect as a share of the
   * pioneers' baseline, sites, pre-trend test; estimates resting on fewer than {@value
   * DisclosureControl#THRESHOLD_DEFAULT} sites in a group are suppressed.
   */
  public HtmlTable effectsTable() {
    HtmlTable table =
        HtmlTable.withColumns(
            "Effects of run " + runId + " (95% CI; SEs clustered by site)",
            "outcome",
            "unit",
            "estimator",
            "effect",
            "95% CI",
            "p",
            "wild bootstrap p",
            "% of baseline",
            "sites (pioneer / comparison)",
            "pre-trend p");
    for (EffectEstimate e : effects) {
      String sites = e.pioneerSites() + " / " + e.comparisonSites();
      String estimator = label(e.estimator());
      if (!mayShow(e)) {
        table.row(
            e.outcome().label(),
            e.outcome().unit(),
            estimator,
            SUPPRESSED,
            "",
            "",
            "",
            "",
            sites,
            "");
        continue;
      }
      table.row(
          e.outcome().label(),
          e.outcome().unit(),
          estimator,
          e.estimate(),
          Formats.interval(e.ciLower(), e.ciUpper()),
          Formats.pValue(e.pValue()),
          e.wildBootstrapPValue().isPresent()
              ? Formats.pValue(e.wildBootstrapPValue().getAsDouble())
              : "",
          Formats.percent(e.relativeEffect()),
          sites,
          e.preTrendPValue().isPresent() ? Formats.pValue(e.preTrendPValue().getAsDouble()) : "");
    }
    return table;
  }

  /**
   * A forest plot of every effect as a percentage of the pioneer sites' mean before go-live, so
   * that outcomes in different units share one axis.
   */
  public SvgChart forestPlot() {
    List<SvgChart.Interval> rows = new ArrayList<>();
    for (EffectEstimate e : effects) {
      if (!mayShow(e)) {
        continue;
      }
      double scale = 100 / e.baselineMean();
      rows.add(
          new SvgChart.Interval(
              e.outcome().label() + " (" + label(e.estimator()) + ")",
              e.estimate() * scale,
              e.ciLower() * scale,
              e.ciUpper() * scale));
    }
    return SvgChart.forestPlot(
        "Effects of run " + runId, "effect as % of the pioneer sites' pre-go-live mean", "", rows);
  }

  /** The Delta version of a panel table this run estimated on (the last one before its effects). */
  public long panelVersion(PanelOutcome.Level level) {
    return panelVersions.computeIfAbsent(level, this::findPanelVersion);
  }

  private long findPanelVersion(PanelOutcome.Level level) {
    LakeTable table = panelTable(level);
    if (!lake.exists(table)) {
      throw PipelineErrors.missingTable(table.tableName(), Path.of(lake.location(table)), "panel");
    }
    Row version =
        DeltaTable.forPath(lake.spark(), lake.location(table))
            .history()
            .filter(col("timestamp").leq(Timestamp.from(estimatedAt)))
            .agg(max(col("version")))
            .first();
    if (version.isNullAt(0)) {
      throw PipelineErrors.missingTable(
          table.tableName() + " as it was when run " + runId + " was estimated",
          Path.of(lake.location(table)),
          "panel");
    }
    return version.getLong(0);
  }

  /** The panel (site-month or site-wave) as this run estimated on it. */
  public Dataset<Row> panel(PanelOutcome.Level level) {
    return lake.readVersion(panelTable(level), panelVersion(level));
  }

  /** One outcome's panel of this run, on the driver, for re-estimation. */
  public OutcomePanel outcomePanel(PanelOutcome outcome) {
    return OutcomePanel.collect(panel(outcome.level()), outcome);
  }

  /** This run's rows of {@code results/event_study}. */
  public Dataset<Row> eventStudy() {
    return lake.read(LakeTable.EVENT_STUDY, "estimate")
        .filter(col(EventStudyColumns.RUN_ID).equalTo(runId));
  }

  /** One coefficient of an event study: months from go-live, estimate and 95% CI (NaN if none). */
  public record EventStudyPoint(
      int eventTime, double estimate, double ciLower, double ciUpper, boolean reference) {}

  /**
   * An outcome's event study as shown: its points by month from go-live, and how many months were
   * left out because fewer pioneer sites than the disclosure threshold are behind them.
   */
  public record ShownEventStudy(List<EventStudyPoint> points, int monthsLeftOut) {}

  /**
   * One outcome's event study under disclosure control, as the report shows it: nothing when the
   * outcome's effects are suppressed ({@link #mayShowOutcome}); otherwise every month but those
   * resting on fewer pioneer sites than the threshold (counted on the panel this run estimated on;
   * the reference month, fixed at zero, is kept).
   */
  public ShownEventStudy shownEventStudy(PanelOutcome outcome) {
    if (!mayShowOutcome(outcome) || !lake.exists(LakeTable.EVENT_STUDY)) {
      return new ShownEventStudy(List.of(), 0);
    }
    List<Row> rows =
        eventStudy()
            .filter(col(EventStudyColumns.OUTCOME).equalTo(outcome.columnName()))
            .select(
                EventStudyColumns.EVENT_TIME,
                EventStudyColumns.ESTIMATE,
                EventStudyColumns.CI_LOWER,
                EventStudyColumns.CI_UPPER,
                EventStudyColumns.IS_REFERENCE,
                EventStudyColumns.IS_BINNED_ENDPOINT)
            .orderBy(EventStudyColumns.EVENT_TIME)
            .collectAsList();
    EventTimeSites sites =
        rows.isEmpty()
            ? EventTimeSites.none()
            : EventTimeSites.of(
                panel(PanelOutcome.Level.SITE_MONTH), List.of(outcome.columnName()));
    List<EventStudyPoint> points = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      int eventTime = r.getInt(0);
      boolean reference = !r.isNullAt(4) && r.getBoolean(4);
      boolean binned = !r.isNullAt(5) && r.getBoolean(5);
      long behind = sites.behind(outcome.columnName(), eventTime, binned, i == 0);
      if (reference || disclosure.mayShowEstimate(behind)) {
        points.add(
            new EventStudyPoint(eventTime, orNaN(r, 1), orNaN(r, 2), orNaN(r, 3), reference));
      }
    }
    return new ShownEventStudy(points, rows.size() - points.size());
  }

  private static double orNaN(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }

  /**
   * TWFE beside the Callaway & Sant'Anna and Sun & Abraham overall (simple) effects of each outcome
   * the run estimated, under the report's disclosure control: an outcome whose TWFE effect is
   * suppressed shows none of them, and a staggered-adoption effect is suppressed on its own when
   * fewer sites than the threshold are behind it. "not estimated" where the run has none (a run
   * configured without the staggered-adoption estimators).
   */
  public HtmlTable robustEffectsTable() {
    HtmlTable table =
        HtmlTable.withColumns(
            "TWFE and heterogeneity-robust overall effects (run " + runId + ")",
            "outcome",
            "TWFE",
            "CS (simple)",
            "CS 95% CI",
            "SA (simple)",
            "SA 95% CI");
    Map<String, Row> simple = new HashMap<>();
    if (lake.exists(LakeTable.STAGGERED_AGGREGATIONS)) {
      for (Row r :
          staggeredAggregations()
              .filter(col(StaggeredColumns.AGGREGATION).equalTo(Aggregation.SIMPLE.name()))
              .select(
                  StaggeredColumns.OUTCOME,
                  StaggeredColumns.ESTIMATOR,
                  StaggeredColumns.ESTIMATE,
                  StaggeredColumns.CI_LOWER,
                  StaggeredColumns.CI_UPPER,
                  StaggeredColumns.N_PIONEER_SITES,
                  StaggeredColumns.N_COMPARISON_SITES)
              .collectAsList()) {
        simple.put(r.getString(0) + "/" + r.getString(1), r);
      }
    }
    for (EffectEstimate twfe : effects) {
      if (twfe.estimator() != Estimator.TWFE) {
        continue;
      }
      PanelOutcome outcome = twfe.outcome();
      if (!mayShow(twfe)) {
        table.row(outcome.label(), SUPPRESSED, SUPPRESSED, "", SUPPRESSED, "");
        continue;
      }
      List<Object> cells = new ArrayList<>(List.of(outcome.label(), twfe.estimate()));
      for (String estimator :
          List.of(StaggeredAdoptionJob.ESTIMATOR_CS, StaggeredAdoptionJob.ESTIMATOR_SA)) {
        Row r = simple.get(outcome.columnName() + "/" + estimator);
        if (r == null || r.isNullAt(2)) {
          cells.addAll(List.of("not estimated", ""));
        } else if (r.isNullAt(5)
            || r.isNullAt(6)
            || !disclosure.mayShowComparison(r.getInt(5), r.getInt(6))) {
          cells.addAll(List.of(SUPPRESSED, ""));
        } else {
          cells.add(r.getDouble(2));
          cells.add(r.isNullAt(3) ? "" : Formats.interval(r.getDouble(3), r.getDouble(4)));
        }
      }
      table.row(cells.toArray());
    }
    return table;
  }

  /**
   * This run's rows of {@code results/staggered_aggregations} (Callaway-Sant'Anna, Sun-Abraham).
   */
  public Dataset<Row> staggeredAggregations() {
    return lake.read(LakeTable.STAGGERED_AGGREGATIONS, "estimate")
        .filter(col(StaggeredColumns.RUN_ID).equalTo(runId));
  }

  /** The disclosure control the notebooks apply (the report's defaults). */
  public DisclosureControl disclosureControl() {
    return disclosure;
  }

  static LakeTable panelTable(PanelOutcome.Level level) {
    return level == PanelOutcome.Level.SITE_MONTH
        ? LakeTable.SITE_MONTH_PANEL
        : LakeTable.SITE_WAVE_PANEL;
  }

  @Override
  public String toString() {
    return "Run " + runId + " of " + lake.root() + " (estimated " + estimatedAt + ")";
  }
}
