package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;
import static org.pioneereval.jobs.ingest.IngestColumns.DROP_BATCH;
import static org.pioneereval.jobs.ingest.IngestColumns.DROP_FILE;
import static org.pioneereval.jobs.ingest.IngestColumns.DROP_ID;
import static org.pioneereval.jobs.ingest.IngestColumns.DROP_SITE;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.contracts.ContractColumn;
import org.pioneereval.contracts.DataContract;

/**
 * Reads the rows of the drops that passed inspection as strings, with their drop lineage columns.
 *
 * <p>Two routes with the same result. Many small drops (the usual monthly-per-site delivery) are
 * read on the driver, which has just checked every byte of them, and handed to Spark as one
 * distributed data set: Spark's file scan costs milliseconds per file, which for thousands of tiny
 * files dominates. Loads larger than {@link #IN_MEMORY_LIMIT_BYTES_DEFAULT} are read by Spark's CSV
 * reader in parallel, so the driver's memory never holds them.
 */
public final class DropReader {

  /** Total size of a load up to which the driver reads it (bytes). */
  public static final long IN_MEMORY_LIMIT_BYTES_DEFAULT = 256L * 1024 * 1024;

  private final SparkSession spark;
  private final DataContract contract;
  private final long inMemoryLimitBytes;

  private DropReader(SparkSession spark, DataContract contract, long inMemoryLimitBytes) {
    this.spark = spark;
    this.contract = contract;
    this.inMemoryLimitBytes = inMemoryLimitBytes;
  }

  public static DropReader of(SparkSession spark, DataContract contract) {
    return new DropReader(spark, contract, IN_MEMORY_LIMIT_BYTES_DEFAULT);
  }

  /** The same reader with another in-memory limit (0 forces Spark's file scan). */
  public DropReader withInMemoryLimit(long bytes) {
    return new DropReader(spark, contract, bytes);
  }

  /**
   * Rows of every drop: the contract's columns as strings, then {@code drop_id}, {@code drop_site},
   * {@code drop_batch}, {@code drop_file}.
   */
  public Dataset<Row> read(List<DropInspection> readable) {
    List<DropInspection> csv = new ArrayList<>();
    Map<String, List<DropInspection>> parquetBySchema = new TreeMap<>();
    long bytes = 0;
    for (DropInspection inspection : readable) {
      Path file = inspection.drop().dataFile();
      if (DropFormat.of(file) == DropFormat.PARQUET) {
        parquetBySchema
            .computeIfAbsent(parquetSignature(file), k -> new ArrayList<>())
            .add(inspection);
      } else {
        csv.add(inspection);
        bytes += size(file);
      }
    }
    Dataset<Row> rows = null;
    if (!csv.isEmpty() || parquetBySchema.isEmpty()) {
      rows = bytes <= inMemoryLimitBytes ? readOnDriver(csv) : readWithSpark(csv);
    }
    for (List<DropInspection> sameSchema : parquetBySchema.values()) {
      Dataset<Row> parquet = readParquet(sameSchema);
      rows = rows == null ? parquet : rows.unionByName(parquet);
    }
    return rows;
  }

  /**
   * Parquet drops with the same schema, read by Spark in one scan. Each contract column is turned
   * into the text a CSV drop would carry (dates {@code yyyy-MM-dd}, booleans {@code true}/{@code
   * false}, integers as digits; an empty string is null, as an empty CSV field), so bronze, the row
   * rules and silver treat both formats alike. Columns are selected by name.
   */
  private Dataset<Row> readParquet(List<DropInspection> sameSchema) {
    String[] paths =
        sameSchema.stream().map(i -> i.drop().dataFile().toUri().toString()).toArray(String[]::new);
    Dataset<Row> files = spark.read().parquet(paths);
    List<Column> columns = new ArrayList<>();
    for (ContractColumn column : contract.columns()) {
      Column text = col(column.name()).cast(DataTypes.StringType);
      columns.add(when(text.notEqual(lit("")), text).as(column.name()));
    }
    Column path = col("_metadata.file_path");
    columns.add(element_at(split(path, "/"), -3).as(DROP_SITE));
    columns.add(element_at(split(path, "/"), -2).as(DROP_BATCH));
    columns.add(col("_metadata.file_name").as(DROP_FILE));
    String extract = contract.extract().folderName();
    return select(
        files
            .select(columns.toArray(Column[]::new))
            .withColumn(DROP_ID, concat_ws("/", lit(extract), col(DROP_SITE), col(DROP_BATCH))));
  }

  private static String parquetSignature(Path file) {
    try {
      return ParquetDropFile.open(file).signature();
    } catch (IOException e) {
      throw new UncheckedIOException("Re-reading inspected Parquet drop " + file, e);
    }
  }

  private Dataset<Row> readOnDriver(List<DropInspection> readable) {
    List<String> chunks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (DropInspection inspection : readable) {
      Drop drop = inspection.drop();
      String prefix =
          quote(drop.id()) + "," + quote(drop.dataFile().getFileName().toString()) + ",";
      String text = readText(drop.dataFile());
      int start = text.indexOf('\n');
      while (start >= 0 && start < text.length() - 1) {
        int end = text.indexOf('\n', start + 1);
        int stop = end < 0 ? text.length() : end;
        int contentEnd = stop > start + 1 && text.charAt(stop - 1) == '\r' ? stop - 1 : stop;
        if (contentEnd > start + 1) {
          chunk.append(prefix).append(text, start + 1, contentEnd).append('\n');
        }
        start = end;
      }
      if (chunk.length() >= CHUNK_CHARS) {
        chunks.add(chunk.toString());
        chunk.setLength(0);
      }
    }
    if (chunk.length() > 0) {
      chunks.add(chunk.toString());
    }
    StructType schema =
        new StructType()
            .add(DROP_ID, DataTypes.StringType)
            .add(DROP_FILE, DataTypes.StringType)
            .merge(contractSchema(), false);
    // whole chunks of lines travel to the tasks (one serialised string each, not one per line)
    // and are split into lines there
    JavaRDD<String> lines =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(chunks, Math.max(1, chunks.size()))
            .flatMap(DropReader::lines);
    Dataset<String> csvLines = spark.createDataset(lines.rdd(), Encoders.STRING());
    Dataset<Row> rows = spark.read().schema(schema).option("header", "false").csv(csvLines);
    Column parts = split(col(DROP_ID), "/");
    return select(
        rows.withColumn(DROP_SITE, element_at(parts, 2))
            .withColumn(DROP_BATCH, element_at(parts, 3)));
  }

  /** Characters of CSV lines per chunk handed to a Spark task on the in-memory route. */
  static final int CHUNK_CHARS = 4 << 20;

  private static Iterator<String> lines(String chunk) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      lines.add(chunk.substring(start, end));
      start = end + 1;
    }
    return lines.iterator();
  }

  private Dataset<Row> readWithSpark(List<DropInspection> readable) {
    String[] paths =
        readable.stream().map(i -> i.drop().dataFile().toUri().toString()).toArray(String[]::new);
    Column path = col("_metadata.file_path");
    Dataset<Row> rows =
        spark
            .read()
            .schema(contractSchema())
            .option("header", "true")
            .option("mode", "PERMISSIVE")
            .option("encoding", "UTF-8")
            .csv(paths)
            .select(
                col("*"),
                element_at(split(path, "/"), -3).as(DROP_SITE),
                element_at(split(path, "/"), -2).as(DROP_BATCH),
                col("_metadata.file_name").as(DROP_FILE));
    String extract = contract.extract().folderName();
    return select(
        rows.withColumn(DROP_ID, concat_ws("/", lit(extract), col(DROP_SITE), col(DROP_BATCH))));
  }

  private Dataset<Row> select(Dataset<Row> rows) {
    List<Column> columns = new ArrayList<>();
    for (ContractColumn column : contract.columns()) {
      columns.add(col(column.name()));
    }
    columns.add(col(DROP_ID));
    columns.add(col(DROP_SITE));
    columns.add(col(DROP_BATCH));
    columns.add(col(DROP_FILE));
    return rows.select(columns.toArray(Column[]::new));
  }

  private StructType contractSchema() {
    StructType schema = new StructType();
    for (ContractColumn column : contract.columns()) {
      schema = schema.add(column.name(), DataTypes.StringType, true);
    }
    return schema;
  }

  private static String quote(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }

  private static String readText(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      InputStream decoded = file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
      return new String(decoded.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Re-reading inspected drop file " + file, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
