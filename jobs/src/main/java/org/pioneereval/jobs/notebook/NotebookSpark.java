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

  /**
   * The notebook's session; the same one on every call: the running session of this JVM when there
   * is one (the pipeline's, when the notebooks stage hosts the kernel), else a new embedded one.
   */
  public static SparkSession session() {
    scala.Option<SparkSession> running = SparkSession.getDefaultSession();
    if (running.isDefined() && !running.get().sparkContext().isStopped()) {
      return running.get();
    }
    return SparkSessions.forCommand(APP_NAME, null);
  }
}
