package org.pioneereval.jobs.notebook;

import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.runtime.SparkSessions;

/**
 * The Spark session of a notebook: a notebook is an entry point like {@code main}, so it builds its
 * one session here (embedded {@code local[*]} with Delta, as the command line does) and passes it
 * to everything else.
 */
public final class NotebookSpark {

  /** The application name notebooks run under, in logs and the Spark UI. */
  public static final String APP_NAME = "pioneer-eval notebook";

  private NotebookSpark() {}

  /** The notebook's session; the same one on every call. */
  public static SparkSession session() {
    return SparkSessions.forCommand(APP_NAME, null);
  }
}
