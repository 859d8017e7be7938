package org.pioneereval.jobs.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.ingest.IngestColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;

/**
 * Everything a small test lake holds, read once onto the driver: every row of every table as JSON
 * text with its drop id. Tests then ask many questions (what did drop X leave where, is value V
 * stored anywhere) without a Spark job per question.
 */
public final class LakeSnapshot {

  /** The tables that hold rows of a drop: bronze, silver and the quarantine. */
  public static final List<LakeTable> ROW_TABLES =
      List.of(
          LakeTable.BRONZE_SITE_REGISTER,
          LakeTable.BRONZE_POPULATION,
          LakeTable.BRONZE_ADMISSIONS,
          LakeTable.BRONZE_COSTS,
          LakeTable.BRONZE_PATIENT_EXPERIENCE,
          LakeTable.BRONZE_PATIENT_REGISTER,
          LakeTable.SILVER_SITE_REGISTER,
          LakeTable.SILVER_POPULATION,
          LakeTable.SILVER_ADMISSIONS,
          LakeTable.SILVER_COSTS,
          LakeTable.SILVER_PATIENT_EXPERIENCE,
          LakeTable.SILVER_PATIENT_REGISTER,
          LakeTable.QUARANTINE);

  /** One stored row: the drop it came in (null for tables without drop lineage) and its JSON. */
  public record StoredRow(String dropId, String json) {}

  private final Map<LakeTable, List<StoredRow>> rows;
  private final Map<String, List<List<String>>> quarantinedRuleIds;
  private final Map<String, List<String>> quarantineMessages;

  private LakeSnapshot(
      Map<LakeTable, List<StoredRow>> rows,
      Map<String, List<List<String>>> quarantinedRuleIds,
      Map<String, List<String>> quarantineMessages) {
    this.rows = rows;
    this.quarantinedRuleIds = quarantinedRuleIds;
    this.quarantineMessages = quarantineMessages;
  }

  /**
   * Reads the current version of every table of {@code lake}, all tables in one Spark job (a union
   * of every table as table name, drop id, JSON text and, for the quarantine, rule ids and
   * messages).
   */
  public static LakeSnapshot of(Lakehouse lake) {
    Dataset<Row> all = null;
    for (LakeTable table : LakeTable.values()) {
      if (!lake.exists(table)) {
        continue;
      }
      Dataset<Row> data = lake.read(table, "test");
      List<String> names = Arrays.asList(data.columns());
      Column[] columns = names.stream().map(n -> col("`" + n + "`")).toArray(Column[]::new);
      boolean quarantine = table == LakeTable.QUARANTINE;
      Column noList = lit(null).cast("array<string>");
      Dataset<Row> rows =
          data.select(
              lit(table.name()).as("table"),
              names.contains(IngestColumns.DROP_ID)
                  ? col(IngestColumns.DROP_ID)
                  : lit(null).cast("string").as(IngestColumns.DROP_ID),
              to_json(struct(columns)).as("json"),
              quarantine ? col(IngestColumns.RULE_IDS) : noList.as(IngestColumns.RULE_IDS),
              quarantine ? col(IngestColumns.MESSAGES) : noList.as(IngestColumns.MESSAGES));
      all = all == null ? rows : all.unionAll(rows);
    }
    Map<LakeTable, List<StoredRow>> rows = new EnumMap<>(LakeTable.class);
    Map<String, List<List<String>>> ruleIds = new HashMap<>();
    Map<String, List<String>> messages = new HashMap<>();
    List<Row> collected = all == null ? List.of() : all.collectAsList();
    for (LakeTable table : LakeTable.values()) {
      if (lake.exists(table)) {
        rows.put(table, new ArrayList<>());
      }
    }
    for (Row r : collected) {
      LakeTable table = LakeTable.valueOf(r.getString(0));
      String dropId = r.getString(1);
      rows.get(table).add(new StoredRow(dropId, r.getString(2)));
      if (table == LakeTable.QUARANTINE) {
        List<String> ids = new ArrayList<>(r.<String>getList(3));
        ids.sort(Comparator.naturalOrder());
        ruleIds.computeIfAbsent(dropId, k -> new ArrayList<>()).add(ids);
        messages.computeIfAbsent(dropId, k -> new ArrayList<>()).addAll(r.getList(4));
      }
    }
    ruleIds.values().forEach(l -> l.sort(Comparator.comparing(List::toString)));
    return new LakeSnapshot(rows, ruleIds, messages);
  }

  /** Rows of drop {@code dropId} in {@code table} (0 when the table does not exist). */
  public long rowsOfDrop(LakeTable table, String dropId) {
    return rows.getOrDefault(table, List.of()).stream()
        .filter(r -> dropId.equals(r.dropId()))
        .count();
  }

  /** Rows of a drop in all bronze, silver and quarantine tables together. */
  public long rowsOfDropAnywhere(String dropId) {
    return ROW_TABLES.stream().mapToLong(t -> rowsOfDrop(t, dropId)).sum();
  }

  /**
   * Per table, the rows whose text (every column) contains {@code value}; tables without a hit are
   * left out, so an empty map means the value is stored nowhere in the lake.
   */
  public Map<LakeTable, Long> tablesContaining(String value) {
    Map<LakeTable, Long> hits = new EnumMap<>(LakeTable.class);
    rows.forEach(
        (table, stored) -> {
          long n = stored.stream().filter(r -> r.json().contains(value)).count();
          if (n > 0) {
            hits.put(table, n);
          }
        });
    return hits;
  }

  /**
   * The rule ids of every quarantined row of a drop: each row's ids sorted, the rows sorted by
   * their ids, so tests compare them with a list built the same way.
   */
  public List<List<String>> quarantinedRuleIds(String dropId) {
    return quarantinedRuleIds.getOrDefault(dropId, List.of());
  }

  /** The messages of every quarantined row of a drop. */
  public List<String> quarantineMessages(String dropId) {
    return quarantineMessages.getOrDefault(dropId, List.of());
  }

  /** The JSON of every row of a table (empty when it does not exist). */
  public List<String> json(LakeTable table) {
    return rows.getOrDefault(table, List.of()).stream().map(StoredRow::json).toList();
  }

  /**
   * Latest Delta version of every existing table (see {@link Lakehouse#versions()}: read from the
   * names of the commit files, so it costs no Spark job).
   */
  public static Map<LakeTable, Long> versions(Lakehouse lake) {
    return lake.versions();
  }

  /** Row count of every existing table. */
  public Map<LakeTable, Long> counts() {
    Map<LakeTable, Long> counts = new EnumMap<>(LakeTable.class);
    rows.forEach((table, stored) -> counts.put(table, (long) stored.size()));
    return counts;
  }
}
