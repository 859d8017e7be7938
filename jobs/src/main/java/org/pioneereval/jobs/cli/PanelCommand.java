package org.pioneereval.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelJob;
import org.pioneereval.jobs.runtime.RunIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "panel",
    mixinStandardHelpOptions = true,
    description = {
      "Builds panel/site_month_panel (admission rates per 1,000, cost per capita) and",
      "panel/site_wave_panel (survey-weighted patient-experience means) from the silver tables."
    })
final class PanelCommand implements Callable<Integer> {

  @Option(
      names = "--lake",
      defaultValue = Workspace.LAKE,
      description = "Delta lake folder (default: ${DEFAULT-VALUE}).")
  String lake;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    try (SparkSession spark = sparkOptions.start("panel")) {
      PanelJob.PanelResult result =
          PanelJob.create(Lakehouse.at(spark, Workspace.path(lake)), RunIds.newRunId()).execute();
      System.out.printf(
          "panel: %,d site-month rows, %,d site-wave rows%n",
          result.siteMonthRows(), result.siteWaveRows());
      return 0;
    }
  }
}
