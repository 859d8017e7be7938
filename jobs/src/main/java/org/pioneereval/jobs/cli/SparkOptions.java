package org.pioneereval.jobs.cli;

import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.runtime.SparkSessions;
import picocli.CommandLine.Option;

/** Options shared by every command that starts Spark. */
final class SparkOptions {

  @Option(
      names = "--master",
      description = "Spark master URL. Default: the one spark-submit sets, else embedded local[*].")
  String master;

  SparkSession start(String command) {
    return SparkSessions.forCommand("pioneer-eval " + command, master);
  }
}
