package org.pioneereval.jobs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.pipeline.EvaluationPipeline;
import org.pioneereval.jobs.pipeline.PipelinePaths;
import org.pioneereval.jobs.report.KnownTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs every stage: ingest -> panel -> estimate -> report -> notebooks.")
final class RunCommand implements Callable<Integer> {

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

  @Option(
      names = "--reports",
      defaultValue = Workspace.REPORTS,
      description = "Reports folder (default: ${DEFAULT-VALUE}).")
  String reports;

  @Option(
      names = "--truth",
      description =
          "truth.json of a generated data set, to show the true effects beside estimates.")
  Path truth;

  @Mixin SparkOptions sparkOptions;

  @Mixin NotebookOptions notebookOptions;

  @Override
  public Integer call() throws Exception {
    KnownTruth known = truth == null ? KnownTruth.NONE : DemoTruth.read(truth);
    PipelinePaths paths =
        new PipelinePaths(Workspace.path(data), Workspace.path(lake), Workspace.path(reports));
    try (SparkSession spark = sparkOptions.start("run")) {
      EvaluationPipeline.Result result =
          EvaluationPipeline.create(spark, paths)
              .withTruth(known)
              .withNotebooks(notebookOptions.folder())
              .withResultsListener(r -> Summaries.printRun(System.out, r, known, paths))
              .execute();
      Summaries.printNotebooks(System.out, result);
      return IngestCommand.exitCode(result.ingest()).code();
    }
  }
}
