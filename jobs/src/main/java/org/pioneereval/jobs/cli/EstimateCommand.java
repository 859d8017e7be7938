package org.pioneereval.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.jobs.estimate.EstimateJob;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.report.KnownTruth;
import org.pioneereval.jobs.runtime.RunIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "estimate",
    mixinStandardHelpOptions = true,
    description = {
      "Estimates TWFE and 2x2 difference-in-differences effects for every outcome on the panels",
      "and appends them to results/did_effects under a new run id."
    })
final class EstimateCommand implements Callable<Integer> {

  @Option(
      names = "--lake",
      defaultValue = Workspace.LAKE,
      description = "Delta lake folder (default: ${DEFAULT-VALUE}).")
  String lake;

  @Option(
      names = "--variance",
      defaultValue = "CR1_STATA",
      description = "Standard errors: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  VarianceType variance;

  @Option(names = "--run-id", description = "Run id to write the effects under (default: new).")
  String runId;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    String id = runId == null ? RunIds.newRunId() : runId;
    try (SparkSession spark = sparkOptions.start("estimate")) {
      List<EstimateJob.Effect> effects =
          EstimateJob.create(Lakehouse.at(spark, Workspace.path(lake)), id)
              .withVariance(variance)
              .execute();
      System.out.println("run " + id);
      Summaries.printEffects(System.out, effects, KnownTruth.NONE);
      return 0;
    }
  }
}
