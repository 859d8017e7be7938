package org.pioneereval.jobs.report;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * What every section of one report reads: the lake, the run, the known truth, the disclosure rule
 * and the run's rows of {@code results/did_effects} (sorted by outcome, then estimator). Other
 * results tables are read once, on first use, and only the run's rows.
 */
final class ReportContext {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lakehouse lake;
  private final String runId;
  private final KnownTruth truth;
  private final DisclosureControl disclosure;
  private final List<Row> effects;
  private final Map<LakeTable, List<Row>> runRows = new EnumMap<>(LakeTable.class);
  private PanelMeans panelMeans;

  ReportContext(
      Lakehouse lake,
      String runId,
      KnownTruth truth,
      DisclosureControl disclosure,
      List<Row> effects) {
    this.lake = lake;
    this.runId = runId;
    this.truth = truth;
    this.disclosure = disclosure;
    this.effects = List.copyOf(effects);
  }

  Lakehouse lake() {
    return lake;
  }

  String runId() {
    return runId;
  }

  KnownTruth truth() {
    return truth;
  }

  DisclosureControl disclosure() {
    return disclosure;
  }

  List<Row> effects() {
    return effects;
  }

  /**
   * The run's rows of a results table keyed by {@code run_id} (every results table uses that column
   * name); empty when the table does not exist, e.g. a lake in which only {@code estimate} ran has
   * no staggered-adoption tables.
   */
  List<Row> runRows(LakeTable table) {
    return runRows.computeIfAbsent(
        table,
        t ->
            lake.exists(t)
                ? lake.read(t, "estimate")
                    .filter(col(EffectColumns.RUN_ID).equalTo(runId))
                    .collectAsList()
                : List.of());
  }

  /** The panels' means and counts, read on first use. */
  PanelMeans panelMeans() {
    if (panelMeans == null) {
      panelMeans = PanelMeans.read(lake);
    }
    return panelMeans;
  }

  /** The run's estimate of an outcome by an estimator. */
  Optional<Row> effect(String outcome, Estimator estimator) {
    return effects.stream()
        .filter(r -> outcome.equals(r.getAs(EffectColumns.OUTCOME)))
        .filter(r -> estimator.name().equals(r.getAs(EffectColumns.ESTIMATOR)))
        .findFirst();
  }

  /**
   * Whether anything estimated for an outcome may be shown: the run's TWFE estimate rests on at
   * least the threshold of pioneer and of comparison sites.
   */
  boolean mayShowOutcome(String outcome) {
    return effect(outcome, Estimator.TWFE).map(this::mayShowEffect).orElse(false);
  }

  /** Whether an effect row may be shown: enough pioneer and comparison sites behind it. */
  boolean mayShowEffect(Row effect) {
    Integer pioneers = Cells.integer(effect, EffectColumns.N_PIONEER_SITES);
    Integer comparisons = Cells.integer(effect, EffectColumns.N_COMPARISON_SITES);
    return pioneers != null
        && comparisons != null
        && disclosure.mayShowComparison(pioneers, comparisons);
  }

  /** The outcome's label and unit from the run, falling back to the pipeline's own. */
  String label(String outcome) {
    return effect(outcome, Estimator.TWFE)
        .map(r -> Cells.str(r, EffectColumns.OUTCOME_LABEL))
        .orElseGet(() -> outcome(outcome).map(PanelOutcome::label).orElse(outcome));
  }

  String unit(String outcome) {
    return effect(outcome, Estimator.TWFE)
        .map(r -> Cells.str(r, EffectColumns.UNIT))
        .orElseGet(() -> outcome(outcome).map(PanelOutcome::unit).orElse(""));
  }

  static Optional<PanelOutcome> outcome(String column) {
    for (PanelOutcome o : PanelOutcome.values()) {
      if (o.columnName().equals(column)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  /** Sort key of an outcome column: the pipeline's order, unknown outcomes last. */
  static int outcomeOrder(String column) {
    return outcome(column).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
  }

  /** A specification column as JSON; a missing or malformed one reads as a missing node. */
  static JsonNode specification(String json) {
    if (json == null) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      return MissingNode.getInstance();
    }
  }
}
