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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.EventStudyColumns;
import org.pioneereval.jobs.estimate.StaggeredColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.report.DisclosureControl;
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

  private final Lakehouse lake;
  private final String runId;
  private final List<EffectEstimate> effects;
  private final Instant estimatedAt;
  private final DisclosureControl disclosure;
  private final Map<PanelOutcome.Level, Long> panelVersions =
      new EnumMap<>(PanelOutcome.Level.class);

  private EvaluationRun(
      Lakehouse lake, String runId, List<EffectEstimate> effects, Instant estimatedAt) {
    this.lake = lake;
    this.runId = runId;
    this.effects = List.copyOf(effects);
    this.estimatedAt = estimatedAt;
    this.disclosure = DisclosureControl.defaults();
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
    return new EvaluationRun(lake, id, effects, estimatedAt);
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
      String estimator = e.estimator() == Estimator.TWFE ? "TWFE" : "2x2";
      if (!disclosure.mayShowEstimate(Math.min(e.pioneerSites(), e.comparisonSites()))) {
        table.row(
            e.outcome().label(),
            e.outcome().unit(),
            estimator,
            "suppressed",
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
      if (!disclosure.mayShowEstimate(Math.min(e.pioneerSites(), e.comparisonSites()))) {
        continue;
      }
      double scale = 100 / e.baselineMean();
      rows.add(
          new SvgChart.Interval(
              e.outcome().label() + (e.estimator() == Estimator.TWFE ? " (TWFE)" : " (2x2)"),
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
