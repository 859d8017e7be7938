package org.pioneereval.jobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.generator.ExtractGenerator;
import org.pioneereval.generator.GenerationSummary;
import org.pioneereval.generator.Truth;
import org.pioneereval.jobs.pipeline.EvaluationPipeline;
import org.pioneereval.jobs.pipeline.PipelinePaths;
import org.pioneereval.jobs.runtime.PipelineErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A full evaluation on generated data: generates extracts with known effects, runs every",
      "stage in embedded Spark with Delta tables in a local folder, prints each effect with its",
      "95%% CI beside the injected truth, and says where the tables and the report are.",
      "Clears <workspace>/extracts, lake and reports first."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--workspace",
      defaultValue = Workspace.DEFAULT,
      description = "Working folder (default: ${DEFAULT-VALUE}).")
  String workspace;

  @Mixin GenerateOptions generate;

  @Mixin SparkOptions sparkOptions;

  @Mixin NotebookOptions notebookOptions;

  @Override
  public Integer call() throws Exception {
    PipelinePaths paths = PipelinePaths.under(Workspace.path(workspace));
    for (Path folder : new Path[] {paths.data(), paths.lake(), paths.reports()}) {
      deleteRecursively(folder);
    }
    GenerationSummary generated = new ExtractGenerator(generate.config()).writeTo(paths.data());
    GenerateCommand.print(generated);
    Truth truth = Truth.read(generated.truthFile());
    try (SparkSession spark = sparkOptions.start("demo")) {
      EvaluationPipeline.Result result =
          EvaluationPipeline.create(spark, paths)
              .withTruth(DemoTruth.of(truth))
              .withNotebooks(notebookOptions.folder())
              .withResultsListener(
                  r -> Summaries.printRun(System.out, r, DemoTruth.of(truth), paths))
              .execute();
      Summaries.printNotebooks(System.out, result);
      return IngestCommand.exitCode(result.ingest()).code();
    }
  }

  private static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw PipelineErrors.badDirectory(folder, "demo workspace", e);
    }
  }
}
