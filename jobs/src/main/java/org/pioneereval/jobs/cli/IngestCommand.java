package org.pioneereval.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.ingest.IngestJob;
import org.pioneereval.jobs.ingest.IngestResult;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.runtime.ExitCode;
import org.pioneereval.jobs.runtime.RunIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Checks every new extract drop against its data contract and loads it into the lake:",
      "bronze (as delivered), silver (typed, valid rows), quality/quarantine (failed rows and",
      "why), quality/data_quality_results and quality/ingest_log. Drops already ingested are",
      "skipped; a re-delivered batch replaces the earlier one."
    })
final class IngestCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      defaultValue = Workspace.DATA,
      description = "Folder holding drops/<extract>/<site>/<batch>/ (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(
      names = "--lake",
      defaultValue = Workspace.LAKE,
      description = "Delta lake folder (default: ${DEFAULT-VALUE}).")
  String lake;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    // Before Spark starts: a wrong --data path fails in milliseconds, not after Spark's start-up.
    IngestJob.requireDrops(Workspace.path(data));
    try (SparkSession spark = sparkOptions.start("ingest")) {
      IngestResult result =
          IngestJob.create(
                  Lakehouse.at(spark, Workspace.path(lake)),
                  Workspace.path(data),
                  RunIds.newRunId())
              .execute();
      Summaries.printIngest(System.out, result);
      return exitCode(result).code();
    }
  }

  static ExitCode exitCode(IngestResult result) {
    return result.dropsRefused() > 0 || result.rowsQuarantined() > 0
        ? ExitCode.SUCCESS_WITH_WARNINGS
        : ExitCode.SUCCESS;
  }
}
