package org.pioneereval.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.ingest.IngestColumns;
import org.pioneereval.jobs.lake.LakeTable;

/**
 * Data quality from the ingest ledger ({@code quality/ingest_log}) and the quarantine: drops and
 * rows per extract, the batches in which rows were quarantined or drops refused, quarantined rows
 * by rule, and the refused drops with what to do about them.
 *
 * <p>Disclosure: each extract's row counts are protected as a group with their total (rows
 * received); the quarantined rows of an extract's batches and of its rules are each protected
 * against the extract's quarantined total, which the first table shows.
 */
final class DataQualitySection {

  private DataQualitySection() {}

  static void write(StringBuilder html, ReportContext ctx) {
    DisclosureControl disclosure = ctx.disclosure();
    if (!ctx.lake().exists(LakeTable.INGEST_LOG)) {
      html.append("<p>No ingest log in this lake.</p>\n");
      return;
    }
    Dataset<Row> log = ctx.lake().read(LakeTable.INGEST_LOG, "ingest");
    List<Row> perBatch =
        log.groupBy(IngestColumns.EXTRACT, IngestColumns.DROP_BATCH)
            .agg(
                drops(IngestColumns.STATUS_ACCEPTED).as("accepted_drops"),
                drops(IngestColumns.STATUS_REFUSED).as("refused_drops"),
                sumLong(IngestColumns.ROWS_RECEIVED).as("received"),
                sumLong(IngestColumns.ROWS_ACCEPTED).as("accepted"),
                sumLong(IngestColumns.ROWS_QUARANTINED).as("quarantined"))
            .orderBy(IngestColumns.EXTRACT, IngestColumns.DROP_BATCH)
            .collectAsList();
    // Per extract: the batches' sums (a drop id names its extract and batch, so drops add up).
    Map<String, long[]> perExtract = new TreeMap<>();
    for (Row r : perBatch) {
      long[] sums = perExtract.computeIfAbsent(r.getString(0), k -> new long[5]);
      for (int i = 0; i < 5; i++) {
        sums[i] += r.getLong(2 + i);
      }
    }
    Map<String, Long> quarantinedByExtract = new HashMap<>();
    html.append("<table id=\"rows-by-extract\"><caption>Drops and rows by extract (all ingest")
        .append(" runs; counts of 1 to ")
        .append(disclosure.threshold() - 1)
        .append(" and the counts that would reveal them shown as ")
        .append(DisclosureControl.SUPPRESSED)
        .append(")</caption><thead><tr><th scope=\"col\">Extract</th>")
        .append("<th scope=\"col\">Drops accepted</th><th scope=\"col\">Drops refused</th>")
        .append("<th scope=\"col\">Rows received</th><th scope=\"col\">Rows accepted</th>")
        .append("<th scope=\"col\">Rows quarantined</th></tr></thead><tbody>\n");
    for (Map.Entry<String, long[]> e : perExtract.entrySet()) {
      String extract = e.getKey();
      long[] sums = e.getValue();
      long received = sums[2];
      long accepted = sums[3];
      long quarantined = sums[4];
      quarantinedByExtract.put(extract, quarantined);
      DisclosureControl.ProtectedCounts rows =
          disclosure.protect(List.of(accepted, quarantined), received);
      html.append("<tr id=\"extract-")
          .append(Html.esc(extract))
          .append("\"><th scope=\"row\">")
          .append(Html.esc(extract))
          .append("</th><td class=\"num\">")
          .append(sums[0])
          .append("</td><td class=\"num\">")
          .append(sums[1])
          .append("</td><td class=\"num\">")
          .append(rows.total())
          .append("</td><td class=\"num\">")
          .append(rows.parts().get(0))
          .append("</td><td class=\"num\">")
          .append(rows.parts().get(1))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    batches(html, ctx, perBatch, quarantinedByExtract);
    rules(html, ctx, quarantinedByExtract);
    refused(html, log);
  }

  /** Batches with quarantined rows or refused drops; the rest were accepted in full. */
  private static void batches(
      StringBuilder html,
      ReportContext ctx,
      List<Row> perBatch,
      Map<String, Long> quarantinedByExtract) {
    DisclosureControl disclosure = ctx.disclosure();
    Map<String, List<Row>> flagged = new LinkedHashMap<>();
    int clean = 0;
    for (Row r : perBatch) {
      if (r.getLong(6) > 0 || r.getLong(3) > 0) {
        flagged.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
      } else {
        clean++;
      }
    }
    if (flagged.isEmpty()) {
      html.append("<p>All ")
          .append(clean)
          .append(" batches were accepted in full: no row quarantined, no drop refused.</p>\n");
      return;
    }
    html.append("<table id=\"batches\"><caption>Batches with quarantined rows or refused drops (")
        .append(clean)
        .append(" other batches were accepted in full)</caption><thead><tr>")
        .append("<th scope=\"col\">Extract</th><th scope=\"col\">Batch</th>")
        .append("<th scope=\"col\">Drops accepted</th><th scope=\"col\">Drops refused</th>")
        .append("<th scope=\"col\">Rows received</th><th scope=\"col\">Rows quarantined</th>")
        .append("</tr></thead><tbody>\n");
    for (Map.Entry<String, List<Row>> e : flagged.entrySet()) {
      List<Long> quarantined = new ArrayList<>();
      for (Row r : e.getValue()) {
        quarantined.add(r.getLong(6));
      }
      DisclosureControl.ProtectedCounts shown =
          disclosure.protect(quarantined, quarantinedByExtract.getOrDefault(e.getKey(), 0L));
      for (int i = 0; i < e.getValue().size(); i++) {
        Row r = e.getValue().get(i);
        html.append("<tr id=\"batch-")
            .append(Html.esc(r.getString(0)))
            .append('-')
            .append(Html.esc(r.getString(1)))
            .append("\"><td>")
            .append(Html.esc(r.getString(0)))
            .append("</td><td>")
            .append(Html.esc(r.getString(1)))
            .append("</td><td class=\"num\">")
            .append(r.getLong(2))
            .append("</td><td class=\"num\">")
            .append(r.getLong(3))
            .append("</td><td class=\"num\">")
            .append(disclosure.show(r.getLong(4)))
            .append("</td><td class=\"num\">")
            .append(shown.parts().get(i))
            .append("</td></tr>\n");
      }
    }
    html.append("</tbody></table>\n");
  }

  private static void rules(
      StringBuilder html, ReportContext ctx, Map<String, Long> quarantinedByExtract) {
    if (!ctx.lake().exists(LakeTable.QUARANTINE)) {
      html.append("<p>No row was quarantined.</p>\n");
      return;
    }
    List<Row> byRule =
        ctx.lake()
            .read(LakeTable.QUARANTINE, "ingest")
            .select(col(IngestColumns.EXTRACT), explode(col(IngestColumns.RULE_IDS)).as("rule"))
            .groupBy(IngestColumns.EXTRACT, "rule")
            .agg(count("*").as("rows"))
            .orderBy(col(IngestColumns.EXTRACT), col("rows").desc(), col("rule"))
            .collectAsList();
    if (byRule.isEmpty()) {
      html.append("<p>No row was quarantined.</p>\n");
      return;
    }
    Map<String, List<Row>> byExtract = new LinkedHashMap<>();
    for (Row r : byRule) {
      byExtract.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }
    html.append("<table id=\"quarantine-by-rule\"><caption>Quarantined rows by rule (a row that")
        .append(" breaks several rules counts under each)</caption><thead><tr>")
        .append("<th scope=\"col\">Extract</th><th scope=\"col\">Rule</th>")
        .append("<th scope=\"col\">Rows</th></tr></thead><tbody>\n");
    for (Map.Entry<String, List<Row>> e : byExtract.entrySet()) {
      List<Long> counts = new ArrayList<>();
      for (Row r : e.getValue()) {
        counts.add(r.getLong(2));
      }
      long total =
          quarantinedByExtract.getOrDefault(
              e.getKey(), counts.stream().mapToLong(Long::longValue).sum());
      DisclosureControl.ProtectedCounts shown = ctx.disclosure().protect(counts, total);
      for (int i = 0; i < e.getValue().size(); i++) {
        Row r = e.getValue().get(i);
        html.append("<tr id=\"rule-")
            .append(Html.esc(r.getString(0)))
            .append('-')
            .append(Html.esc(r.getString(1)))
            .append("\"><td>")
            .append(Html.esc(r.getString(0)))
            .append("</td><td><code>")
            .append(Html.esc(r.getString(1)))
            .append("</code></td><td class=\"num\">")
            .append(shown.parts().get(i))
            .append("</td></tr>\n");
      }
    }
    html.append("</tbody></table>\n");
  }

  private static void refused(StringBuilder html, Dataset<Row> log) {
    List<Row> refused =
        log.filter(col(IngestColumns.STATUS).equalTo(IngestColumns.STATUS_REFUSED))
            .select(IngestColumns.DROP_ID, IngestColumns.REASON, IngestColumns.MESSAGE)
            .orderBy(IngestColumns.DROP_ID)
            .limit(50)
            .collectAsList();
    if (refused.isEmpty()) {
      html.append("<p>No drop was refused.</p>\n");
      return;
    }
    html.append("<table id=\"refused-drops\"><caption>Refused drops (first 50)</caption><thead>")
        .append("<tr><th scope=\"col\">Drop</th><th scope=\"col\">Reason</th>")
        .append("<th scope=\"col\">What to do</th></tr></thead><tbody>\n");
    for (Row r : refused) {
      html.append("<tr><td><code>")
          .append(Html.esc(r.getString(0)))
          .append("</code></td><td>")
          .append(Html.esc(r.getString(1)))
          .append("</td><td>")
          .append(Html.esc(r.getString(2)))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private static Column drops(String status) {
    return countDistinct(
        when(col(IngestColumns.STATUS).equalTo(status), col(IngestColumns.DROP_ID)));
  }

  private static Column sumLong(String column) {
    return org.apache.spark.sql.functions.coalesce(
        sum(col(column).cast("long")), org.apache.spark.sql.functions.lit(0L));
  }
}
