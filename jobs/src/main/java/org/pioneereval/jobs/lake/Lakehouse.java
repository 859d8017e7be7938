package org.pioneereval.jobs.lake;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
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

  private final SparkSession spark;
  private final String root;

  private Lakehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** A lake in a local folder; the folder is created by the first write. */
  public static Lakehouse at(SparkSession spark, Path folder) {
    return new Lakehouse(spark, folder.toAbsolutePath().normalize().toString());
  }

  /** A lake at any Hadoop-compatible URI (file:, s3a://, abfss://). */
  public static Lakehouse atUri(SparkSession spark, String uri) {
    return new Lakehouse(spark, uri);
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
    return spark.read().format("delta").load(location(table));
  }

  /** Reads a table as of a Delta version (time travel). */
  public Dataset<Row> readVersion(LakeTable table, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(location(table));
  }

  /** The latest Delta version of a table, or -1 when it does not exist. */
  public long version(LakeTable table) {
    if (!exists(table)) {
      return -1;
    }
    Row last = DeltaTable.forPath(spark, location(table)).history(1).select("version").first();
    return last.getLong(0);
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
