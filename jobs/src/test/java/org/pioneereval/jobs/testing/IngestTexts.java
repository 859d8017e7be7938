package org.pioneereval.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.ingest.IngestResult;

/**
 * What an ingest left, as text lines that compare whole between two lakes or two runs: tests that
 * load the same drops two ways (in loads, in parallel, after a crash) assert the lines are equal.
 */
public final class IngestTexts {

  private IngestTexts() {}

  /** One line per drop outcome: drop id, status, rows received, accepted and quarantined. */
  public static List<String> outcomes(IngestResult result) {
    return result.outcomes().stream()
        .map(
            o ->
                String.join(
                    " ",
                    o.dropId(),
                    o.status(),
                    String.valueOf(o.rowsReceived()),
                    String.valueOf(o.rowsAccepted()),
                    String.valueOf(o.rowsQuarantined())))
        .toList();
  }

  /** A row's fields, in order, separated by one space. */
  public static String text(Row row) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      fields.add(String.valueOf(row.get(i)));
    }
    return String.join(" ", fields);
  }

  /** Rows as {@link #text} lines. */
  public static List<String> texts(List<Row> rows) {
    return rows.stream().map(IngestTexts::text).toList();
  }

  /**
   * JSON rows with the ingest run id blanked: the one field two runs of the same drops differ in.
   */
  public static List<String> withoutRunIds(List<String> json) {
    return json.stream()
        .map(j -> j.replaceAll("\"ingest_run_id\":\"[^\"]*\"", "\"ingest_run_id\":\"?\""))
        .toList();
  }
}
