package org.pioneereval.jobs.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.pipeline.NightlyConfig;
import org.pioneereval.jobs.pipeline.NightlyRun;
import org.pioneereval.jobs.pipeline.RunLedger;
import org.pioneereval.jobs.report.KnownTruth;
import org.pioneereval.jobs.runtime.RunIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = {
      "The scheduled run: ingests new drops and, when anything changed, rebuilds the panels,",
      "re-estimates and writes the report; records every run in runs/run_ledger. One run at a",
      "time per lake; a run after a killed one cleans up after it. --as-of reproduces a past",
      "run's estimates on the exact input versions it saw."
    },
    footer = {
      "",
      "Exit codes: 0 success or nothing new, 3 success but drops were refused or more rows than",
      "quarantine_warning_percent were quarantined (someone should look), 4 input or",
      "configuration error or another run holds the lake, 1 internal error."
    })
final class NightlyCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      required = true,
      description = "YAML configuration (see conf/nightly.example.yaml).")
  Path config;

  @Option(names = "--data", description = "Overrides the configuration's data folder.")
  String data;

  @Option(names = "--lake", description = "Overrides the configuration's lake (folder or URI).")
  String lake;

  @Option(names = "--reports", description = "Overrides the configuration's reports folder.")
  String reports;

  @Option(
      names = "--outcomes",
      paramLabel = "<a,b,...>",
      description =
          "Overrides the configuration's outcomes: comma-separated panel outcome names, or all.")
  String outcomes;

  @Option(
      names = "--estimators",
      paramLabel = "<a,b,...>",
      description =
          "Overrides the configuration's estimators: comma-separated among twfe, did_2x2,"
              + " staggered, outcome_models, matched_cohort, or all.")
  String estimators;

  @Option(
      names = "--comparison-group",
      paramLabel = "<group>",
      description =
          "Overrides the staggered estimators' comparison group: never_treated or"
              + " not_yet_treated.")
  String comparisonGroup;

  @Option(
      names = "--as-of",
      paramLabel = "<run id>",
      description = "Re-estimate and report on the input versions this past run saw.")
  String asOf;

  @Option(names = "--list-runs", description = "Lists the run ledger and exits.")
  boolean listRuns;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    NightlyConfig cfg =
        NightlyConfig.load(config)
            .withOverrides(data, lake, reports)
            .withEstimateOverrides(outcomes, estimators, comparisonGroup);
    String runId = RunIds.newRunId();
    try (SparkSession spark = sparkOptions.start("nightly")) {
      NightlyRun run = NightlyRun.create(spark, cfg, runId);
      if (listRuns) {
        for (RunLedger.Entry e : new RunLedger(run.lake()).entries()) {
          System.out.printf(
              Locale.ROOT,
              "%-28s %-24s exit %d  %s  %s%s%n",
              e.runId(),
              e.status(),
              e.exitCode(),
              e.startedAt(),
              e.counts(),
              e.asOfRunId() == null ? "" : "  as of " + e.asOfRunId());
        }
        return 0;
      }
      NightlyRun.Outcome outcome = asOf == null ? run.execute() : run.reproduce(asOf);
      outcome.ingest().ifPresent(i -> Summaries.printIngest(System.out, i));
      if (!outcome.effects().isEmpty()) {
        Summaries.printEffects(System.out, outcome.effects(), KnownTruth.NONE);
      }
      outcome.report().ifPresent(r -> System.out.println("Report: " + r));
      outcome.notebooks().ifPresent(n -> System.out.println("Result notebooks (executed): " + n));
      System.out.printf(
          Locale.ROOT,
          "nightly %s: %s (exit %d); ledger: %s%n",
          outcome.runId(),
          outcome.status(),
          outcome.exitCode().code(),
          run.lake().location(org.pioneereval.jobs.lake.LakeTable.RUN_LEDGER));
      return outcome.exitCode().code();
    }
  }
}
