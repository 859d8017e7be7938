package org.pioneereval.jobs.did;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The file formats {@code pioneer-eval did} reads, detected from the path: a folder with a {@code
 * _delta_log/} subfolder is a Delta table; a {@code .parquet} file, or a folder holding {@code
 * .parquet} files (partitioned or not), is Parquet; a {@code .csv} or {@code .csv.gz} file is CSV
 * with a header row.
 */
public enum InputFormat {
  /**
   * Comma-separated with a header row; every value is read as text and converted by the reader
   * (numbers such as {@code 1}, {@code 1.5}, {@code 1e3}); an empty field is a missing value.
   */
  CSV,
  PARQUET,
  DELTA;

  static final String DELTA_LOG = "_delta_log";

  /** The format of {@code input}; an error naming the path when it is none of the three. */
  public static InputFormat detect(Path input) {
    if (!Files.exists(input)) {
      throw PipelineErrors.didInputNotFound(input);
    }
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isDirectory(input)) {
      if (Files.isDirectory(input.resolve(DELTA_LOG))) {
        return DELTA;
      }
      try (Stream<Path> files = Files.walk(input, 4)) {
        if (files.anyMatch(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".parquet"))) {
          return PARQUET;
        }
      } catch (IOException | UncheckedIOException e) {
        throw PipelineErrors.didInputUnreadable(input, e);
      }
    } else if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
      return CSV;
    } else if (name.endsWith(".parquet")) {
      return PARQUET;
    }
    throw PipelineErrors.didInputFormatUnknown(input);
  }

  /** Reads the input lazily; only the header (CSV) or the schema (Parquet, Delta) is touched. */
  Dataset<Row> read(SparkSession spark, Path input) {
    String location = input.toAbsolutePath().normalize().toString();
    try {
      return switch (this) {
        case CSV -> spark.read().option("header", "true").option("mode", "FAILFAST").csv(location);
        case PARQUET -> spark.read().parquet(location);
        case DELTA -> spark.read().format("delta").load(location);
      };
    } catch (RuntimeException e) {
      throw PipelineErrors.didInputUnreadable(input, e);
    }
  }

  /** Lower-case name, as the JSON result reports it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
