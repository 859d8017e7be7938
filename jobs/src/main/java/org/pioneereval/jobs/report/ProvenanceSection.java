package org.pioneereval.jobs.report;

import static org.apache.spark.sql.functions.col;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.StaggeredColumns;
import org.pioneereval.jobs.ingest.IngestColumns;
import org.pioneereval.jobs.lake.LakeTable;

/**
 * What a reviewer needs to reproduce the run: run id, code version, a hash of the run's
 * configuration, the data-contract versions the extracts were checked against and the Delta version
 * of every table read.
 */
final class ProvenanceSection {

  private ProvenanceSection() {}

  static void write(StringBuilder html, ReportContext ctx) {
    String version = ReportJob.class.getPackage().getImplementationVersion();
    html.append("<table id=\"run\"><caption>The run</caption><thead><tr>")
        .append("<th scope=\"col\">Item</th><th scope=\"col\">Value</th></tr></thead><tbody>")
        .append("<tr><th scope=\"row\">Run id</th><td><code>")
        .append(Html.esc(ctx.runId()))
        .append("</code></td></tr><tr><th scope=\"row\">Code version</th><td><code>")
        .append(Html.esc(version == null ? "development build" : "pioneer-eval " + version))
        .append("</code></td></tr><tr><th scope=\"row\">Configuration hash</th><td><code>")
        .append(configurationHash(ctx))
        .append("</code> (SHA-256 of the run's estimator specifications and the disclosure")
        .append(" threshold)</td></tr><tr><th scope=\"row\">Lake</th><td><code>")
        .append(Html.esc(ctx.lake().root()))
        .append("</code></td></tr><tr><th scope=\"row\">Estimated</th><td id=\"estimated\">")
        .append(Html.esc(estimated(ctx)))
        .append("</td></tr></tbody></table>\n");
    contracts(html, ctx);
    html.append("<table id=\"delta-versions\"><caption>Delta tables read by this report and their")
        .append(" versions</caption><thead><tr>")
        .append("<th scope=\"col\">Table</th><th scope=\"col\">Location</th>")
        .append("<th scope=\"col\">Delta version</th></tr></thead><tbody>\n");
    for (LakeTable table : LakeTable.values()) {
      long v = ctx.lake().version(table);
      if (v < 0) {
        continue;
      }
      html.append("<tr><td>")
          .append(Html.esc(table.relativePath()))
          .append("</td><td><code>")
          .append(Html.esc(ctx.lake().location(table)))
          .append("</code></td><td class=\"num\">")
          .append(v)
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  /**
   * What the run estimated, read from its result rows: the outcomes and estimators of {@code
   * did_effects} and which of the other estimators wrote rows (a nightly run can choose a subset).
   */
  static String estimated(ReportContext ctx) {
    TreeSet<String> outcomes = new TreeSet<>();
    List<String> estimators = new ArrayList<>();
    for (Row r : ctx.effects()) {
      outcomes.add(r.getAs(EffectColumns.OUTCOME));
      String e = r.getAs(EffectColumns.ESTIMATOR);
      if (!estimators.contains(e)) {
        estimators.add(e);
      }
    }
    if (!ctx.runRows(LakeTable.STAGGERED_AGGREGATIONS).isEmpty()) {
      estimators.add(
          "staggered adoption ("
              + ctx.runRows(LakeTable.STAGGERED_AGGREGATIONS).stream()
                  .map(r -> Cells.str(r, StaggeredColumns.SPECIFICATION))
                  .map(spec -> ReportContext.specification(spec).path("cs").path("comparison"))
                  .filter(n -> n.isTextual())
                  .map(n -> n.asText().toLowerCase(java.util.Locale.ROOT) + " comparisons")
                  .findFirst()
                  .orElse("comparison group not recorded")
              + ")");
    }
    if (!ctx.runRows(LakeTable.OUTCOME_MODELS).isEmpty()) {
      estimators.add("outcome models");
    }
    if (!ctx.runRows(LakeTable.COHORT_EFFECTS).isEmpty()) {
      estimators.add("matched patient cohort");
    }
    List<String> ordered = new ArrayList<>(outcomes);
    ordered.sort(java.util.Comparator.comparingInt(ReportContext::outcomeOrder));
    return "outcomes: "
        + String.join(", ", ordered)
        + "; estimators: "
        + String.join(", ", estimators);
  }

  private static void contracts(StringBuilder html, ReportContext ctx) {
    if (!ctx.lake().exists(LakeTable.INGEST_LOG)) {
      return;
    }
    List<Row> versions =
        ctx.lake()
            .read(LakeTable.INGEST_LOG, "ingest")
            .filter(col(IngestColumns.STATUS).equalTo(IngestColumns.STATUS_ACCEPTED))
            .select(IngestColumns.EXTRACT, IngestColumns.CONTRACT_VERSION)
            .distinct()
            .orderBy(IngestColumns.EXTRACT, IngestColumns.CONTRACT_VERSION)
            .collectAsList();
    if (versions.isEmpty()) {
      return;
    }
    html.append("<table id=\"contracts\"><caption>Data contracts the accepted drops were checked")
        .append(" against</caption><thead><tr><th scope=\"col\">Extract</th>")
        .append("<th scope=\"col\">Contract version</th></tr></thead><tbody>\n");
    for (Row r : versions) {
      html.append("<tr><td>")
          .append(Html.esc(r.getString(0)))
          .append("</td><td>")
          .append(r.isNullAt(1) ? Html.NOT_AVAILABLE : Html.esc(r.getString(1)))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  /** SHA-256 over the sorted specifications of the run's results and the disclosure threshold. */
  static String configurationHash(ReportContext ctx) {
    TreeSet<String> specs = new TreeSet<>();
    for (Row r : ctx.effects()) {
      specs.add(
          Cells.str(r, EffectColumns.OUTCOME)
              + '|'
              + Cells.str(r, EffectColumns.ESTIMATOR)
              + '|'
              + Cells.str(r, EffectColumns.SPECIFICATION));
    }
    for (Row r : ctx.runRows(LakeTable.STAGGERED_AGGREGATIONS)) {
      specs.add(
          Cells.str(r, StaggeredColumns.OUTCOME)
              + '|'
              + Cells.str(r, StaggeredColumns.SPECIFICATION));
    }
    List<String> parts = new ArrayList<>(specs);
    parts.add("disclosure_threshold=" + ctx.disclosure().threshold());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
