package org.pioneereval.jobs.cli;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.report.KnownTruth;
import org.pioneereval.jobs.report.ReportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Writes the self-contained HTML report of a run (default: the latest).")
final class ReportCommand implements Callable<Integer> {

  @Option(
      names = "--lake",
      defaultValue = Workspace.LAKE,
      description = "Delta lake folder (default: ${DEFAULT-VALUE}).")
  String lake;

  @Option(
      names = "--out",
      defaultValue = Workspace.REPORTS,
      description = "Reports folder (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--run-id", description = "Run to report (default: the latest in the lake).")
  String runId;

  @Option(
      names = "--truth",
      description =
          "truth.json of a generated data set, to show the true effects beside estimates.")
  Path truth;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    try (SparkSession spark = sparkOptions.start("report")) {
      Lakehouse lakehouse = Lakehouse.at(spark, Workspace.path(lake));
      String id = runId != null ? runId : latestRun(lakehouse);
      KnownTruth known = truth == null ? KnownTruth.NONE : DemoTruth.read(truth);
      Path report = ReportJob.create(lakehouse, id, Workspace.path(out)).withTruth(known).execute();
      System.out.println("report: " + report);
      return 0;
    }
  }

  static String latestRun(Lakehouse lake) {
    Row latest =
        lake.read(LakeTable.DID_EFFECTS, "estimate")
            .orderBy(col(EffectColumns.ESTIMATED_AT).desc())
            .select(EffectColumns.RUN_ID)
            .first();
    return latest.getString(0);
  }
}
