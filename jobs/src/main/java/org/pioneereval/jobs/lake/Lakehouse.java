package org.pioneereval.jobs.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The lake: a folder (or object-store URI) holding one Delta table per {@link LakeTable}. All reads
 * and writes of pipeline tables go through here, with the session passed in explicitly.
 */
public final class Lakehouse {

  private static final Pattern COMMIT_FILE = Pattern.compile("(\\d{20})\\.json");

  private final SparkSession spark;
  private final String root;
  private final Map<LakeTable, Long> pinned;

  private Lakehouse(SparkSession spark, String root, Map<LakeTable, Long> pinned) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.pinned = pinned;
  }

  /** A lake in a local folder; the folder is created by the first write. */
  public static Lakehouse at(SparkSession spark, Path folder) {
    return new Lakehouse(spark, folder.toAbsolutePath().normalize().toString(), Map.of());
  }

  /** A lake at any Hadoop-compatible URI (file:, s3a://, abfss://). */
  public static Lakehouse atUri(SparkSession spark, String uri) {
    return new Lakehouse(spark, uri, Map.of());
  }

  /**
   * The same lake, with reads of the given tables pinned to a Delta version (time travel): a stage
   * run on this view sees exactly the inputs a past run saw. Writes are unchanged.
   */
  public Lakehouse pinnedAt(Map<LakeTable, Long> versions) {
    return new Lakehouse(spark, root, Map.copyOf(versions));
  }

  /** The versions reads are pinned to (empty: current versions). */
  public Map<LakeTable, Long> pinnedVersions() {
    return pinned;
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root;
  }

  /** Location of a table, for messages and for users opening it elsewhere. */
  public String location(LakeTable table) {
    return root + "/" + table.relativePath();
  }

  public boolean exists(LakeTable table) {
    return DeltaTable.isDeltaTable(spark, location(table));
  }

  /** Reads the current version; a missing table is a user error naming the stage that makes it. */
  public Dataset<Row> read(LakeTable table, String producingStage) {
    if (!exists(table)) {
      throw PipelineErrors.missingTable(
          table.tableName(), Path.of(location(table)), producingStage);
    }
    Long version = pinned.get(table);
    return version == null ? readLatest(table) : readVersion(table, version);
  }

  private Dataset<Row> readLatest(LakeTable table) {
    return spark.read().format("delta").load(location(table));
  }

  /** Reads a table as of a Delta version (time travel). */
  public Dataset<Row> readVersion(LakeTable table, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(location(table));
  }

  /**
   * The latest Delta version of a table, or -1 when it does not exist: the highest commit file in
   * its {@code _delta_log} (a listing, no Spark job).
   */
  public long version(LakeTable table) {
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(location(table) + "/_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(log)) {
        return -1;
      }
      long latest = -1;
      for (FileStatus file : fs.listStatus(log)) {
        Matcher m = COMMIT_FILE.matcher(file.getPath().getName());
        if (m.matches()) {
          latest = Math.max(latest, Long.parseLong(m.group(1)));
        }
      }
      return latest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + log, e);
    }
  }

  /** The latest version of every table that exists, in {@link LakeTable} order. */
  public Map<LakeTable, Long> versions() {
    Map<LakeTable, Long> versions = new EnumMap<>(LakeTable.class);
    for (LakeTable table : LakeTable.values()) {
      long v = version(table);
      if (v >= 0) {
        versions.put(table, v);
      }
    }
    return versions;
  }

  /**
   * Appends rows. New columns are merged into the table's schema, so a lake written by an earlier
   * version of pioneer-eval takes the columns a later version adds.
   */
  public void append(LakeTable table, Dataset<Row> rows) {
    rows.write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("mergeSchema", "true")
        .save(location(table));
  }

  /**
   * Appends rows; when the append creates the table, Delta collects its per-file statistics (min,
   * max, nulls: what data skipping reads) for {@code statsColumns} only (table property {@code
   * delta.dataSkippingStatsColumns}, set by the creating write). For tables filtered only by those
   * columns this saves the statistics of every other column on every write; by default Delta
   * gathers them for the first 32 columns, string columns being the costly ones. Returns how many
   * rows the commit added (see {@link #appendCounted}).
   */
  public long appendCounted(LakeTable table, Dataset<Row> rows, List<String> statsColumns) {
    if (exists(table)) {
      return appendCounted(table, rows);
    }
    rows.write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("mergeSchema", "true")
        .option(STATS_COLUMNS_PROPERTY, String.join(",", statsColumns))
        .save(location(table));
    return rowsAddedBy(table, version(table));
  }

  /** The Delta table property naming the columns that keep file statistics. */
  public static final String STATS_COLUMNS_PROPERTY = "delta.dataSkippingStatsColumns";

  /**
   * Appends rows and returns how many rows the commit added, as Delta recorded it in the commit's
   * {@code operationMetrics.numOutputRows}; -1 when the commit carries no such metric (history
   * metrics switched off), and 0 when the append made no commit (Delta skips one for no rows). The
   * caller must be the table's only writer (it holds the stage's lock), so the latest commit is its
   * own.
   */
  public long appendCounted(LakeTable table, Dataset<Row> rows) {
    long before = version(table);
    append(table, rows);
    long after = version(table);
    // Delta makes no commit for an empty append to an existing table: nothing was added.
    return after == before ? 0 : rowsAddedBy(table, after);
  }

  private long rowsAddedBy(LakeTable table, long version) {
    org.apache.hadoop.fs.Path commit =
        new org.apache.hadoop.fs.Path(
            location(table) + "/_delta_log/" + String.format(Locale.ROOT, "%020d.json", version));
    try {
      FileSystem fs = commit.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          JsonNode rows = COMMIT_JSON.readTree(line).path("commitInfo").path("operationMetrics");
          if (rows.has("numOutputRows")) {
            return Long.parseLong(rows.get("numOutputRows").asText());
          }
        }
      }
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Delta commit " + commit, e);
    }
  }

  private static final ObjectMapper COMMIT_JSON = new ObjectMapper();

  public void overwrite(LakeTable table, Dataset<Row> rows) {
    rows.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("overwriteSchema", "true")
        .save(location(table));
  }

  /**
   * Replaces the rows matching {@code condition} (a SQL predicate) with {@code rows} in one Delta
   * commit, creating the table on first use.
   */
  public void replaceWhere(LakeTable table, String condition, Dataset<Row> rows) {
    if (!exists(table)) {
      append(table, rows);
      return;
    }
    rows.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", condition)
        .option("mergeSchema", "true")
        .save(location(table));
  }

  /** Deletes the rows matching a SQL predicate; a no-op when the table does not exist. */
  public void delete(LakeTable table, String condition) {
    if (exists(table)) {
      DeltaTable.forPath(spark, location(table)).delete(condition);
    }
  }
}
