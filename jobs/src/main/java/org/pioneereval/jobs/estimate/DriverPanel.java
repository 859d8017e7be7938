package org.pioneereval.jobs.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * A panel table (site-month or site-wave) on the driver, read in one query for every outcome the
 * estimate stage fits: one row per site and period, ordered by site and period, with the design
 * columns and each outcome as a double (null where the panel has no value). The panels are small
 * (sites x periods), and one read replaces one Spark query per outcome and estimator family.
 */
final class DriverPanel {

  static final int SITE = 0;
  static final int PERIOD_START = 1;
  static final int PIONEER = 2;
  static final int TREATED_POST = 3;
  static final int GO_LIVE_DATE = 4;

  /** Whole months from go-live (null for comparison sites and in panels without the column). */
  static final int EVENT_TIME = 5;

  private static final int FIRST_OUTCOME = 6;

  private final List<Row> rows;
  private final Map<PanelOutcome, Integer> outcomeIndex;

  private DriverPanel(List<Row> rows, Map<PanelOutcome, Integer> outcomeIndex) {
    this.rows = rows;
    this.outcomeIndex = outcomeIndex;
  }

  static DriverPanel collect(Dataset<Row> panel, Collection<PanelOutcome> outcomes) {
    boolean eventTime = Arrays.asList(panel.columns()).contains(PanelColumns.EVENT_TIME_MONTHS);
    List<Column> columns =
        new ArrayList<>(
            List.of(
                col(PanelColumns.SITE_CODE),
                col(PanelColumns.PERIOD_START),
                col(PanelColumns.PIONEER),
                col(PanelColumns.TREATED_POST),
                col(PanelColumns.GO_LIVE_DATE),
                eventTime
                    ? col(PanelColumns.EVENT_TIME_MONTHS).cast("int")
                    : lit(null).cast("int")));
    Map<PanelOutcome, Integer> index = new EnumMap<>(PanelOutcome.class);
    for (PanelOutcome outcome : outcomes) {
      index.put(outcome, FIRST_OUTCOME + index.size());
      columns.add(col(outcome.columnName()).cast("double"));
    }
    List<Row> rows =
        panel
            .select(columns.toArray(Column[]::new))
            .orderBy(PanelColumns.SITE_CODE, PanelColumns.PERIOD_START)
            .collectAsList();
    return new DriverPanel(rows, index);
  }

  /** The rows with a value of the outcome, in site and period order. */
  List<Row> rowsWith(PanelOutcome outcome) {
    int i = column(outcome);
    List<Row> with = new ArrayList<>(rows.size());
    for (Row r : rows) {
      if (!r.isNullAt(i)) {
        with.add(r);
      }
    }
    return with;
  }

  /** Index of the outcome's value in the rows. */
  int column(PanelOutcome outcome) {
    Integer i = outcomeIndex.get(outcome);
    if (i == null) {
      throw new IllegalArgumentException(outcome + " was not read into this panel");
    }
    return i;
  }
}
