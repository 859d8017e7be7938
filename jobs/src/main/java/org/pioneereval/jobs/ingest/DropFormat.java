package org.pioneereval.jobs.ingest;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How a drop's data file is written, told by its name: {@code .parquet}, {@code .csv.gz} (or any
 * {@code .gz}: gzip-compressed CSV), anything else plain CSV. The manifest's {@code file} names the
 * file, so a sender chooses the format by naming it.
 */
public enum DropFormat {
  CSV,
  GZIP_CSV,
  PARQUET;

  /** The format of a data file, from its name. */
  public static DropFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet")) {
      return PARQUET;
    }
    return name.endsWith(".gz") ? GZIP_CSV : CSV;
  }
}
