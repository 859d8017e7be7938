package org.pioneereval.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.panel.PanelColumns;

/**
 * How many pioneer sites are behind each event-study coefficient, for disclosure control: an
 * estimate for one month from go-live rests only on the pioneer sites observed in that month. The
 * report's event studies and the results-overview notebook leave out the months where this is below
 * the threshold.
 */
public final class EventTimeSites {

  private final Map<String, Map<Integer, Long>> byOutcome;

  private EventTimeSites(Map<String, Map<Integer, Long>> byOutcome) {
    this.byOutcome = byOutcome;
  }

  /**
   * Pioneer sites with a value of each outcome at each month from go-live, from a site-month panel
   * (one row per site and month, so rows with a value are sites). Outcomes the panel has no column
   * for have no sites.
   */
  public static EventTimeSites of(Dataset<Row> siteMonthPanel, Collection<String> outcomes) {
    Map<String, Map<Integer, Long>> sites = new HashMap<>();
    List<String> columns =
        outcomes.stream().filter(o -> Cells.has(siteMonthPanel.schema(), o)).toList();
    if (columns.isEmpty()) {
      return new EventTimeSites(sites);
    }
    List<Column> counts = columns.stream().map(o -> count(col(o)).as(o)).toList();
    List<Row> rows =
        siteMonthPanel
            .filter(col(PanelColumns.PIONEER).and(col(PanelColumns.EVENT_TIME_MONTHS).isNotNull()))
            .groupBy(col(PanelColumns.EVENT_TIME_MONTHS))
            .agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new))
            .collectAsList();
    for (Row r : rows) {
      for (int i = 0; i < columns.size(); i++) {
        sites
            .computeIfAbsent(columns.get(i), k -> new TreeMap<>())
            .put(((Number) r.get(0)).intValue(), r.getLong(1 + i));
      }
    }
    return new EventTimeSites(sites);
  }

  /** No panel: no sites behind any coefficient, so nothing but reference months is shown. */
  public static EventTimeSites none() {
    return new EventTimeSites(Map.of());
  }

  /**
   * Pioneer sites behind one coefficient of an outcome. A binned end point pools every month beyond
   * it (before the first, after the last); the most sites seen in one of those months is a lower
   * bound of the sites behind it (summing would count a site once per month), so the rule errs on
   * the side of suppression.
   */
  public long behind(String outcome, int eventTime, boolean binned, boolean first) {
    long n = 0;
    for (Map.Entry<Integer, Long> e : byOutcome.getOrDefault(outcome, Map.of()).entrySet()) {
      int k = e.getKey();
      if (k == eventTime || (binned && (first ? k < eventTime : k > eventTime))) {
        n = Math.max(n, e.getValue());
      }
    }
    return n;
  }
}
