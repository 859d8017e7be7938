package org.pioneereval.jobs.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.estimate.EstimateJob;
import org.pioneereval.jobs.estimate.StaggeredAdoptionJob;
import org.pioneereval.jobs.ingest.IngestJob;
import org.pioneereval.jobs.ingest.IngestResult;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelJob;
import org.pioneereval.jobs.report.KnownTruth;
import org.pioneereval.jobs.report.ReportJob;
import org.pioneereval.jobs.runtime.RunIds;

/**
 * Every stage in order, on one session: ingest -> panel -> estimate -> report. The estimate stage
 * runs TWFE and 2x2 DiD with event studies and wild-bootstrap p-values ({@link EstimateJob}), then
 * the staggered-adoption estimators ({@link StaggeredAdoptionJob}). Each stage reads what the
 * previous one wrote to the lake, so any stage can also be run on its own.
 */
public final class EvaluationPipeline {

  /** The stages, in order, as the command line and the logs name them. */
  public enum Stage {
    INGEST,
    PANEL,
    ESTIMATE,
    REPORT
  }

  private final SparkSession spark;
  private final PipelinePaths paths;
  private final KnownTruth truth;
  private final String runId;

  private EvaluationPipeline(
      SparkSession spark, PipelinePaths paths, KnownTruth truth, String runId) {
    this.spark = spark;
    this.paths = paths;
    this.truth = truth;
    this.runId = runId;
  }

  public static EvaluationPipeline create(SparkSession spark, PipelinePaths paths) {
    return new EvaluationPipeline(spark, paths, KnownTruth.NONE, RunIds.newRunId());
  }

  public EvaluationPipeline withTruth(KnownTruth knownTruth) {
    return new EvaluationPipeline(spark, paths, knownTruth, runId);
  }

  public EvaluationPipeline withRunId(String id) {
    return new EvaluationPipeline(spark, paths, truth, id);
  }

  /** What a run produced, with the wall time of each stage. */
  public record Result(
      String runId,
      IngestResult ingest,
      PanelJob.PanelResult panels,
      List<EstimateJob.Effect> effects,
      Path report,
      Map<Stage, Duration> stageTimes) {}

  public Result execute() {
    Lakehouse lake = Lakehouse.at(spark, paths.lake());
    Map<Stage, Duration> times = new LinkedHashMap<>();
    IngestResult ingest =
        timed(times, Stage.INGEST, () -> IngestJob.create(lake, paths.data(), runId).execute());
    PanelJob.PanelResult panels =
        timed(times, Stage.PANEL, () -> PanelJob.create(lake, runId).execute());
    List<EstimateJob.Effect> effects =
        timed(
            times,
            Stage.ESTIMATE,
            () -> {
              List<EstimateJob.Effect> twfe = EstimateJob.create(lake, runId).execute();
              StaggeredAdoptionJob.create(lake, runId).execute();
              return twfe;
            });
    Path report =
        timed(
            times,
            Stage.REPORT,
            () -> ReportJob.create(lake, runId, paths.reports()).withTruth(truth).execute());
    return new Result(runId, ingest, panels, effects, report, times);
  }

  private static <T> T timed(Map<Stage, Duration> times, Stage stage, Supplier<T> work) {
    long start = System.nanoTime();
    T result = work.get();
    times.put(stage, Duration.ofNanos(System.nanoTime() - start));
    return result;
  }
}
