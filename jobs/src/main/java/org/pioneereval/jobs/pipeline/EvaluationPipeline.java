package org.pioneereval.jobs.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.cohort.MatchedCohortJob;
import org.pioneereval.jobs.estimate.EstimateJob;
import org.pioneereval.jobs.estimate.EstimateStage;
import org.pioneereval.jobs.estimate.PatientPanelJob;
import org.pioneereval.jobs.ingest.IngestJob;
import org.pioneereval.jobs.ingest.IngestResult;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.notebook.ResultNotebooksJob;
import org.pioneereval.jobs.notebook.ResultNotebooksJob.ExecutedNotebooks;
import org.pioneereval.jobs.panel.PanelJob;
import org.pioneereval.jobs.report.KnownTruth;
import org.pioneereval.jobs.report.ReportJob;
import org.pioneereval.jobs.runtime.RunIds;

/**
 * Every stage in order, on one session: ingest -> panel -> estimate -> report -> notebooks. The
 * estimate stage ({@link EstimateStage}) runs TWFE and 2x2 DiD with event studies and
 * wild-bootstrap p-values, the staggered-adoption estimators, the outcome models (rate ratios,
 * survey-weighted DiDs, adjusted p-values) and the matched patient cohort; the last stage executes
 * the result notebooks against the run ({@link ResultNotebooksJob}) when a notebooks folder is
 * known. The notebooks read only the estimate stage's tables, so they start beside the report stage
 * rather than after it (their kernel is a JVM of its own). Each stage reads what the previous one
 * wrote to the lake, so any stage can also be run on its own.
 */
public final class EvaluationPipeline {

  /** The stages, in order, as the command line and the logs name them. */
  public enum Stage {
    INGEST,
    PANEL,
    ESTIMATE,
    REPORT,
    NOTEBOOKS
  }

  private final SparkSession spark;
  private final PipelinePaths paths;
  private final KnownTruth truth;
  private final String runId;
  private final Optional<Path> notebooks;
  private final Consumer<Result> onResults;
  private final boolean reportPdf;

  private EvaluationPipeline(
      SparkSession spark,
      PipelinePaths paths,
      KnownTruth truth,
      String runId,
      Optional<Path> notebooks,
      Consumer<Result> onResults,
      boolean reportPdf) {
    this.spark = spark;
    this.paths = paths;
    this.truth = truth;
    this.runId = runId;
    this.notebooks = notebooks;
    this.onResults = onResults;
    this.reportPdf = reportPdf;
  }

  /** A pipeline without the notebooks stage; see {@link #withNotebooks}. */
  public static EvaluationPipeline create(SparkSession spark, PipelinePaths paths) {
    return new EvaluationPipeline(
        spark, paths, KnownTruth.NONE, RunIds.newRunId(), Optional.empty(), r -> {}, true);
  }

  public EvaluationPipeline withTruth(KnownTruth knownTruth) {
    return new EvaluationPipeline(spark, paths, knownTruth, runId, notebooks, onResults, reportPdf);
  }

  public EvaluationPipeline withRunId(String id) {
    return new EvaluationPipeline(spark, paths, truth, id, notebooks, onResults, reportPdf);
  }

  /**
   * Executes the result notebooks of {@code notebooksFolder} (see {@link
   * ResultNotebooksJob#folder}) as the last stage; empty leaves the stage out.
   */
  public EvaluationPipeline withNotebooks(Optional<Path> notebooksFolder) {
    return new EvaluationPipeline(
        spark, paths, truth, runId, notebooksFolder, onResults, reportPdf);
  }

  /**
   * Called once the report is written, while the notebooks stage (which takes minutes) may still
   * run: the command line prints the effects then. The result it gets has no notebooks yet.
   */
  public EvaluationPipeline withResultsListener(Consumer<Result> listener) {
    return new EvaluationPipeline(spark, paths, truth, runId, notebooks, listener, reportPdf);
  }

  /**
   * Whether the report stage also prints {@code report.pdf} (default: yes, when Chromium is
   * installed); without, it writes the HTML report only and says nothing of the PDF.
   */
  public EvaluationPipeline withReportPdf(boolean pdf) {
    return new EvaluationPipeline(spark, paths, truth, runId, notebooks, onResults, pdf);
  }

  /**
   * What a run produced, with the wall time of each stage; {@code notebooks} is empty when the
   * notebooks stage was left out.
   */
  public record Result(
      String runId,
      IngestResult ingest,
      PanelJob.PanelResult panels,
      List<EstimateJob.Effect> effects,
      Optional<MatchedCohortJob.CohortResult> cohort,
      List<PatientPanelJob.PatientEffect> patientPanel,
      Path report,
      Optional<ExecutedNotebooks> notebooks,
      Map<Stage, Duration> stageTimes) {}

  public Result execute() {
    Lakehouse lake = Lakehouse.at(spark, paths.lake());
    Map<Stage, Duration> times = new LinkedHashMap<>();
    IngestResult ingest =
        timed(times, Stage.INGEST, () -> IngestJob.create(lake, paths.data(), runId).execute());
    PanelJob.PanelResult panels =
        timed(times, Stage.PANEL, () -> PanelJob.create(lake, runId).execute());
    EstimateStage.Estimates estimates =
        timed(times, Stage.ESTIMATE, () -> EstimateStage.execute(lake, runId));
    // the run's result once the report is written, with the notebooks as far as they are known
    BiFunction<Path, Optional<ExecutedNotebooks>, Result> result =
        (report, executed) ->
            new Result(
                runId,
                ingest,
                panels,
                estimates.effects(),
                estimates.cohort(),
                estimates.patientPanel(),
                report,
                executed,
                times);
    Optional<RunningNotebooks> notebooksRun = notebooks.map(this::startNotebooks);
    Path report;
    try {
      report =
          timed(
              times,
              Stage.REPORT,
              () ->
                  ReportJob.create(lake, runId, paths.reports())
                      .withTruth(truth)
                      .withPdf(reportPdf)
                      .execute());
      onResults.accept(result.apply(report, Optional.empty()));
    } catch (RuntimeException | Error e) {
      notebooksRun.ifPresent(run -> run.awaitAfter(e));
      throw e;
    }
    return result.apply(report, notebooksRun.map(run -> run.await(times)));
  }

  /**
   * Starts the notebooks stage on its own thread: the notebooks read only what the estimate stage
   * wrote, so their kernel (a JVM of its own) starts while the report is written.
   */
  private RunningNotebooks startNotebooks(Path notebooksFolder) {
    System.err.printf(
        "notebooks: executing the result notebooks against run %s (in one kernel, beside the"
            + " report)%n",
        runId);
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "pioneer-eval-notebooks");
              t.setDaemon(true);
              return t;
            });
    long start = System.nanoTime();
    Future<ExecutedNotebooks> run =
        thread.submit(
            () ->
                ResultNotebooksJob.create(notebooksFolder, paths.lake(), runId, paths.reports())
                    .execute());
    thread.shutdown();
    return new RunningNotebooks(run, start);
  }

  /** The notebooks stage running beside the report stage. */
  private record RunningNotebooks(Future<ExecutedNotebooks> run, long startNanos) {

    /** Waits for the notebooks and records the stage's time, from its start to its end. */
    ExecutedNotebooks await(Map<Stage, Duration> times) {
      try {
        ExecutedNotebooks executed = run.get();
        times.put(Stage.NOTEBOOKS, Duration.ofNanos(System.nanoTime() - startNanos));
        return executed;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("The notebooks stage failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while executing the result notebooks", e);
      }
    }

    /**
     * Waits for the notebooks after the report stage failed, so that no kernel outlives the run;
     * their own failure, if any, is added to the report stage's.
     */
    void awaitAfter(Throwable reportFailure) {
      try {
        run.get();
      } catch (ExecutionException e) {
        reportFailure.addSuppressed(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reportFailure.addSuppressed(e);
      }
    }
  }

  private static <T> T timed(Map<Stage, Duration> times, Stage stage, Supplier<T> work) {
    long start = System.nanoTime();
    T result = work.get();
    times.put(stage, Duration.ofNanos(System.nanoTime() - start));
    return result;
  }
}
