package org.pioneereval.jobs.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * The panels reduced to what the report shows, in one Spark aggregation per panel table: for every
 * outcome, period and group (comparison sites, or a wave of pioneers) the mean of the outcome, the
 * sites with a value (a panel has one row per site and period, so rows with a value are sites) and
 * the records behind the value (admissions, resident-months or survey responses).
 */
final class PanelMeans {

  /** The group of comparison sites (pioneer groups are their wave, as text). */
  static final String COMPARISON = "comparison";

  private static final String GROUP = "grp";

  /** One outcome in one period for one group. */
  record Cell(
      PanelOutcome outcome,
      LocalDate periodStart,
      String group,
      double mean,
      long sites,
      long records) {}

  private final List<Cell> cells;

  private PanelMeans(List<Cell> cells) {
    this.cells = cells;
  }

  static PanelMeans read(Lakehouse lake) {
    List<Cell> cells = new ArrayList<>();
    for (PanelOutcome.Level level : PanelOutcome.Level.values()) {
      LakeTable table =
          level == PanelOutcome.Level.SITE_MONTH
              ? LakeTable.SITE_MONTH_PANEL
              : LakeTable.SITE_WAVE_PANEL;
      if (!lake.exists(table)) {
        continue;
      }
      List<PanelOutcome> outcomes = new ArrayList<>();
      List<Column> aggregates = new ArrayList<>();
      for (PanelOutcome o : PanelOutcome.values()) {
        if (o.level() != level) {
          continue;
        }
        outcomes.add(o);
        Column value = col(o.columnName());
        aggregates.add(avg(value));
        aggregates.add(count(value));
        aggregates.add(
            coalesce(sum(when(value.isNotNull(), col(recordsColumn(o)).cast("long"))), lit(0L)));
      }
      List<Row> rows =
          lake.read(table, "panel")
              .groupBy(
                  col(PanelColumns.PERIOD_START),
                  coalesce(col(PanelColumns.WAVE).cast("string"), lit(COMPARISON)).as(GROUP))
              .agg(
                  aggregates.get(0),
                  aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
              .collectAsList();
      for (Row r : rows) {
        for (int i = 0; i < outcomes.size(); i++) {
          int at = 2 + 3 * i;
          if (r.isNullAt(at)) {
            continue;
          }
          cells.add(
              new Cell(
                  outcomes.get(i),
                  r.getDate(0).toLocalDate(),
                  r.getString(1),
                  r.getDouble(at),
                  r.getLong(at + 1),
                  r.getLong(at + 2)));
        }
      }
    }
    return new PanelMeans(cells);
  }

  /** The cells of one outcome (periods with a value only). */
  List<Cell> of(PanelOutcome outcome) {
    return cells.stream().filter(c -> c.outcome() == outcome).toList();
  }

  /** Records behind an outcome over all periods and groups; empty when it has no panel. */
  OptionalLong records(PanelOutcome outcome) {
    List<Cell> mine = of(outcome);
    return mine.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(mine.stream().mapToLong(Cell::records).sum());
  }

  /** The panel column counting the records behind an outcome's value. */
  static String recordsColumn(PanelOutcome outcome) {
    return switch (outcome) {
      case EMERGENCY_ADMISSIONS_RATE -> PanelColumns.EMERGENCY_ADMISSIONS;
      case ELECTIVE_ADMISSIONS_RATE -> PanelColumns.ELECTIVE_ADMISSIONS;
      case COST_PER_CAPITA -> PanelColumns.POPULATION;
      case OVERALL_SATISFACTION, CARE_COORDINATED, INVOLVED_IN_DECISIONS, KNEW_WHOM_TO_CONTACT ->
          PanelColumns.RESPONDENTS;
    };
  }

  /** What the records of an outcome are, in the plural. */
  static String recordsName(PanelOutcome outcome) {
    return switch (outcome) {
      case EMERGENCY_ADMISSIONS_RATE, ELECTIVE_ADMISSIONS_RATE -> "admissions";
      case COST_PER_CAPITA -> "resident-months";
      case OVERALL_SATISFACTION, CARE_COORDINATED, INVOLVED_IN_DECISIONS, KNEW_WHOM_TO_CONTACT ->
          "responses";
    };
  }
}
