package org.pioneereval.jobs.pipeline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.EstimateJob;
import org.pioneereval.jobs.estimate.EstimateStage;
import org.pioneereval.jobs.ingest.IngestJob;
import org.pioneereval.jobs.ingest.IngestResult;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.lake.StageLock;
import org.pioneereval.jobs.notebook.ResultNotebooksJob;
import org.pioneereval.jobs.panel.PanelJob;
import org.pioneereval.jobs.pipeline.EvaluationPipeline.Stage;
import org.pioneereval.jobs.pipeline.RunLedger.Status;
import org.pioneereval.jobs.report.ReportJob;
import org.pioneereval.jobs.runtime.CodeVersion;
import org.pioneereval.jobs.runtime.ExitCode;
import org.pioneereval.jobs.runtime.PioneerEvalException;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The nightly run: ingest whatever drops are new, and when anything changed rebuild the panels,
 * re-estimate and write the report; every run, whatever its end, is recorded in the {@link
 * RunLedger}. Safe to schedule and forget:
 *
 * <ul>
 *   <li>one run at a time per lake ({@link StageLock} {@code nightly}); the run after a killed one
 *       removes the killed run's partial results (its ingest undoes its own half-written rows);
 *   <li>nothing new (no new drop, inputs at the versions the last run with results saw, the same
 *       configuration hash): nothing is rebuilt and the run is recorded as {@link
 *       Status#NOTHING_NEW}; a changed configuration (other outcomes or estimators) re-estimates;
 *   <li>the panels are rebuilt only for the sites whose drops the run ingested, when that gives the
 *       same tables as a full rebuild; otherwise (site register re-delivered, configuration or code
 *       changed, a run stopped before its panel stage, ...) whole: see {@link PanelRebuild}. A
 *       panel row's {@code panel_run_id} names the run that last rebuilt its site;
 *   <li>{@link #reproduce}: estimation and report again on the exact input versions a past run saw
 *       (Delta time travel), giving the same numbers after newer data arrived.
 * </ul>
 */
public final class NightlyRun {

  /** The lock and ledger name of this command. */
  public static final String COMMAND = "nightly";

  /** Layers whose tables are inputs of estimation: pinned when a past run is reproduced. */
  private static final List<String> INPUT_LAYERS = List.of("bronze", "silver", "quality", "panel");

  /** Result tables, with the column naming the run that wrote a row. */
  private static final List<LakeTable> RESULT_TABLES =
      List.of(
          LakeTable.DID_EFFECTS,
          LakeTable.EVENT_STUDY,
          LakeTable.ATT_GT,
          LakeTable.STAGGERED_AGGREGATIONS,
          LakeTable.BACON_DECOMPOSITION,
          LakeTable.OUTCOME_MODELS,
          LakeTable.COHORT_EFFECTS,
          LakeTable.PATIENT_PANEL_EFFECTS,
          LakeTable.COHORT_BALANCE);

  /** How a nightly run ended. */
  public record Outcome(
      String runId,
      Status status,
      ExitCode exitCode,
      Optional<IngestResult> ingest,
      List<EstimateJob.Effect> effects,
      Optional<Path> report,
      Optional<Path> notebooks,
      Map<Stage, Duration> stageTimes) {}

  private final SparkSession spark;
  private final NightlyConfig config;
  private final String runId;
  private final PrintStream progress;
  private final Consumer<Stage> afterStage;
  private final boolean reportPdf;
  private final RunLog log;

  private NightlyRun(
      SparkSession spark,
      NightlyConfig config,
      String runId,
      PrintStream progress,
      Consumer<Stage> afterStage,
      boolean reportPdf) {
    this.spark = spark;
    this.config = config;
    this.runId = runId;
    this.progress = progress;
    this.afterStage = afterStage;
    this.reportPdf = reportPdf;
    this.log = new RunLog(config.reportsPath(), runId, progress);
  }

  /** The run's structured log: {@code reports/<run id>/run-log.jsonl} (see {@link RunLog}). */
  public Path logFile() {
    return log.file();
  }

  public static NightlyRun create(SparkSession spark, NightlyConfig config, String runId) {
    return new NightlyRun(spark, config, runId, System.err, s -> {}, true);
  }

  public NightlyRun withProgress(PrintStream out) {
    return new NightlyRun(spark, config, runId, out, afterStage, reportPdf);
  }

  /** Called after each stage finished: for tests that stop a run between stages. */
  NightlyRun withAfterStage(Consumer<Stage> listener) {
    return new NightlyRun(spark, config, runId, progress, listener, reportPdf);
  }

  /**
   * Whether the report stage also prints {@code report.pdf} (default: yes, when Chromium is
   * installed); without, it writes the HTML report only and says nothing of the PDF.
   */
  public NightlyRun withReportPdf(boolean pdf) {
    return new NightlyRun(spark, config, runId, progress, afterStage, pdf);
  }

  public Lakehouse lake() {
    return Lakehouse.atUri(spark, config.lakeUri());
  }

  /** Ingest new drops, and rebuild everything downstream when something changed. */
  public Outcome execute() {
    Lakehouse lake = lake();
    RunLedger ledger = new RunLedger(lake);
    Recorder rec = new Recorder(null);
    try (StageLock lock = StageLock.acquire(lake, COMMAND, runId)) {
      lock.staleRunId().ifPresent(stale -> undoResults(lake, stale));
      Map<LakeTable, Long> beforeIngest = lake.versions();
      IngestResult ingest =
          rec.stage(
              Stage.INGEST,
              () ->
                  IngestJob.create(lake, config.dataPath(), runId)
                      .withProgress(progress)
                      .withStageProgress(log.progress(stageName(Stage.INGEST)))
                      .execute(),
              NightlyRun::ingestCounts);

      Optional<RunLedger.Entry> last = ledger.latestWithResults();
      if (ingest.outcomes().isEmpty()
          && last.isPresent()
          && sameInputs(last.get().versionsByTable(), lake.versions())
          && config.hash().equals(last.get().configHash())) {
        for (Stage s : List.of(Stage.PANEL, Stage.ESTIMATE, Stage.REPORT)) {
          rec.skipped(s);
        }
        progress.printf(
            Locale.ROOT,
            "nightly: nothing new since run %s; panels, estimates and report unchanged%n",
            last.get().runId());
        rec.finish(ledger, lake, Status.NOTHING_NEW, ExitCode.SUCCESS, "nothing new");
        lock.release();
        return rec.outcome(
            Status.NOTHING_NEW, ExitCode.SUCCESS, ingest, List.of(), null, Optional.empty());
      }
      rec.stage(
          Stage.PANEL,
          () -> rebuildPanels(lake, ledger, beforeIngest, ingest, rec),
          NightlyRun::panelCounts);
      List<EstimateJob.Effect> effects =
          rec.stage(Stage.ESTIMATE, () -> estimate(lake), NightlyRun::estimateCounts);
      Path report =
          rec.stage(
              Stage.REPORT,
              () ->
                  ReportJob.create(lake, runId, config.reportsPath()).withPdf(reportPdf).execute(),
              r -> Map.of());
      List<String> warnings = new ArrayList<>();
      if (needsAttention(ingest)) {
        warnings.add(warningMessage(ingest));
      }
      Optional<Path> notebooks = executeNotebooks(rec, warnings);
      boolean warn = !warnings.isEmpty();
      Status status = warn ? Status.SUCCEEDED_WITH_WARNINGS : Status.SUCCEEDED;
      ExitCode code = warn ? ExitCode.SUCCESS_WITH_WARNINGS : ExitCode.SUCCESS;
      rec.finish(ledger, lake, status, code, warn ? String.join("; ", warnings) : null);
      lock.release();
      return rec.outcome(status, code, ingest, effects, report, notebooks);
    } catch (RuntimeException e) {
      rec.failed(ledger, lake, e);
      throw e;
    }
  }

  /**
   * The result notebooks against this run, when a notebooks folder is configured. A failing
   * notebook does not undo the run (its results and report are sound): the run ends with warnings
   * (exit code 3), the notebooks stage FAILED in the ledger, and the message names the notebook.
   */
  private Optional<Path> executeNotebooks(Recorder rec, List<String> warnings) {
    Optional<Path> folder = config.notebooksFolder();
    if (folder.isEmpty()) {
      rec.skipped(Stage.NOTEBOOKS);
      return Optional.empty();
    }
    try {
      return Optional.of(
          rec.stage(
                  Stage.NOTEBOOKS,
                  () ->
                      ResultNotebooksJob.create(
                              folder.get(), config.localLakePath(), runId, config.reportsPath())
                          .execute(),
                  n -> Map.of())
              .folder());
    } catch (PioneerEvalException e) {
      rec.stageStatus.put(Stage.NOTEBOOKS.name(), "FAILED");
      rec.current = null;
      warnings.add(e.getMessage());
      progress.println("nightly: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Estimates and reports again on the inputs of a past run, read at the Delta versions the ledger
   * recorded for it; results are written under this run's id.
   */
  public Outcome reproduce(String pastRunId) {
    Lakehouse lake = lake();
    RunLedger ledger = new RunLedger(lake);
    RunLedger.Entry past =
        ledger
            .find(pastRunId)
            .filter(
                e -> e.status() == Status.SUCCEEDED || e.status() == Status.SUCCEEDED_WITH_WARNINGS)
            .orElseThrow(
                () ->
                    PipelineErrors.runNotInLedger(pastRunId, lake.location(LakeTable.RUN_LEDGER)));
    Map<LakeTable, Long> inputs = new EnumMap<>(LakeTable.class);
    past.versionsByTable()
        .forEach(
            (table, version) -> {
              if (INPUT_LAYERS.contains(table.layer())) {
                inputs.put(table, version);
              }
            });
    Lakehouse pinned = lake.pinnedAt(inputs);
    Recorder rec = new Recorder(pastRunId);
    try (StageLock lock = StageLock.acquire(lake, COMMAND, runId)) {
      lock.staleRunId().ifPresent(stale -> undoResults(lake, stale));
      progress.printf(
          Locale.ROOT,
          "nightly: reproducing run %s on its input versions %s%n",
          pastRunId,
          RunLedger.byPath(inputs));
      if (!config.hash().equals(past.configHash())) {
        progress.printf(
            Locale.ROOT,
            "nightly: note: the configuration differs from run %s's (hash %s, now %s); the"
                + " estimate stage runs this configuration's choices%n",
            pastRunId,
            past.configHash(),
            config.hash());
      }
      List<EstimateJob.Effect> effects =
          rec.stage(Stage.ESTIMATE, () -> estimate(pinned), NightlyRun::estimateCounts);
      Path report =
          rec.stage(
              Stage.REPORT,
              () ->
                  ReportJob.create(pinned, runId, config.reportsPath())
                      .withPdf(reportPdf)
                      .execute(),
              r -> Map.of());
      rec.finish(ledger, lake, Status.SUCCEEDED, ExitCode.SUCCESS, "reproduces " + pastRunId);
      lock.release();
      return rec.outcome(
          Status.SUCCEEDED, ExitCode.SUCCESS, null, effects, report, Optional.empty());
    } catch (RuntimeException e) {
      rec.failed(ledger, lake, e);
      throw e;
    }
  }

  /** Decides how much of the panels to rebuild (see {@link PanelRebuild}) and rebuilds it. */
  private PanelJob.PanelResult rebuildPanels(
      Lakehouse lake,
      RunLedger ledger,
      Map<LakeTable, Long> beforeIngest,
      IngestResult ingest,
      Recorder rec) {
    PanelRebuild rebuild =
        PanelRebuild.decide(
            lake,
            runId,
            beforeIngest,
            ingest,
            ledger.latestPanelBuild(),
            config.hash(),
            CodeVersion.current());
    PanelJob.PanelResult panels = rebuild.job(lake, runId).execute();
    String mode = rebuild.partial() ? "partial" : "full";
    rec.detail("panel_mode", mode);
    rec.detail(
        "panel_sites", panels.sitesRebuilt().map(sites -> String.join(",", sites)).orElse("all"));
    rec.detail("panel_reason", rebuild.reason());
    progress.printf(
        Locale.ROOT,
        "nightly: panel: rebuilt %d of %d sites (%s: %s)%n",
        panels.sitesRebuiltCount(),
        panels.sitesTotal(),
        mode,
        rebuild.reason());
    return panels;
  }

  private static Map<String, Long> panelCounts(PanelJob.PanelResult panels) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("site_month_rows", panels.siteMonthRows());
    counts.put("site_wave_rows", panels.siteWaveRows());
    counts.put("panel_sites_rebuilt", panels.sitesRebuiltCount());
    counts.put("panel_sites_total", panels.sitesTotal());
    return counts;
  }

  private List<EstimateJob.Effect> estimate(Lakehouse lake) {
    progress.printf(Locale.ROOT, "nightly: estimating %s%n", config.estimates().describe());
    return EstimateStage.execute(
            lake, runId, config.estimates(), log.progress(stageName(Stage.ESTIMATE)))
        .effects();
  }

  private static Map<String, Long> ingestCounts(IngestResult ingest) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("drops_new", (long) ingest.outcomes().size());
    counts.put("drops_skipped", ingest.dropsSkipped());
    counts.put("drops_refused", ingest.dropsRefused());
    counts.put("rows_received", ingest.rowsReceived());
    counts.put("rows_accepted", ingest.rowsAccepted());
    counts.put("rows_quarantined", ingest.rowsQuarantined());
    return counts;
  }

  private static Map<String, Long> estimateCounts(List<EstimateJob.Effect> effects) {
    return Map.of("effects", (long) effects.size());
  }

  private static String stageName(Stage stage) {
    return stage.name().toLowerCase(Locale.ROOT);
  }

  private boolean needsAttention(IngestResult ingest) {
    double percent =
        ingest.rowsReceived() == 0 ? 0 : 100.0 * ingest.rowsQuarantined() / ingest.rowsReceived();
    return ingest.dropsRefused() > 0 || percent > config.quarantineWarningPercent();
  }

  private static String warningMessage(IngestResult ingest) {
    return String.format(
        Locale.ROOT,
        "%d drops refused, %d of %d rows quarantined: see quality/ingest_log and"
            + " quality/quarantine",
        ingest.dropsRefused(),
        ingest.rowsQuarantined(),
        ingest.rowsReceived());
  }

  /** Inputs unchanged: every bronze, silver and quality table at the version the run saw. */
  private static boolean sameInputs(Map<LakeTable, Long> then, Map<LakeTable, Long> now) {
    for (LakeTable table : LakeTable.values()) {
      if (List.of("bronze", "silver", "quality").contains(table.layer())
          && !java.util.Objects.equals(then.get(table), now.get(table))) {
        return false;
      }
    }
    return true;
  }

  private void undoResults(Lakehouse lake, String staleRunId) {
    progress.printf(
        Locale.ROOT,
        "nightly: run %s stopped before it finished; removing its partial results%n",
        staleRunId);
    String condition = EffectColumns.RUN_ID + " = '" + staleRunId.replace("'", "''") + "'";
    for (LakeTable table : RESULT_TABLES) {
      lake.delete(table, condition);
    }
  }

  /** Stage statuses, times and counts of this run, and its ledger entry. */
  private final class Recorder {
    final String asOf;
    final Instant started = Instant.now();
    final Map<String, String> stageStatus = new LinkedHashMap<>();
    final Map<String, Double> stageSeconds = new LinkedHashMap<>();
    final Map<Stage, Duration> times = new EnumMap<>(Stage.class);
    final Map<String, Long> counts = new LinkedHashMap<>();
    final Map<String, String> details = new LinkedHashMap<>();
    final Map<String, String> currentDetails = new LinkedHashMap<>();
    Stage current;
    long currentStart;

    Recorder(String asOf) {
      this.asOf = asOf;
      log.event(null, "run_start")
          .put("command", asOf == null ? COMMAND : COMMAND + " --as-of " + asOf)
          .put("config_hash", config.hash())
          .put("estimates", config.estimates().describe())
          .put("code_version", CodeVersion.current())
          .write();
    }

    /**
     * Runs a stage: console lines and log events at its start and end, with the counts {@code
     * countsOf} reads from its result (recorded in the ledger too).
     */
    <T> T stage(Stage stage, Supplier<T> work, Function<T, Map<String, Long>> countsOf) {
      current = stage;
      currentDetails.clear();
      progress.printf(Locale.ROOT, "nightly: %s ...%n", stageName(stage));
      log.event(stageName(stage), "stage_start").write();
      currentStart = System.nanoTime();
      T result = work.get();
      Duration took = Duration.ofNanos(System.nanoTime() - currentStart);
      Map<String, Long> stageCounts = countsOf.apply(result);
      counts.putAll(stageCounts);
      times.put(stage, took);
      stageStatus.put(stage.name(), "SUCCEEDED");
      stageSeconds.put(stage.name(), took.toMillis() / 1000.0);
      progress.printf(
          Locale.ROOT, "nightly: %s done in %.1fs%n", stageName(stage), took.toMillis() / 1000.0);
      log.event(stageName(stage), "stage_end")
          .put("seconds", took.toNanos() / 1e9)
          .counts(stageCounts)
          .details(currentDetails)
          .write();
      current = null;
      afterStage.accept(stage);
      return result;
    }

    /** A detail of the running stage that is not a count, for the ledger and the log. */
    void detail(String key, String value) {
      details.put(key, value);
      currentDetails.put(key, value);
    }

    void skipped(Stage stage) {
      stageStatus.put(stage.name(), "SKIPPED");
      log.event(stageName(stage), "stage_skipped").write();
    }

    void finish(RunLedger ledger, Lakehouse lake, Status status, ExitCode code, String message) {
      RunLog.Event end =
          log.event(null, "run_end")
              .put("status", status.name())
              .put("exit_code", code.code())
              .put("seconds", Duration.between(started, Instant.now()).toNanos() / 1e9)
              .counts(counts);
      if (message != null) {
        end.put("message", message);
      }
      end.write();
      ledger.record(
          new RunLedger.Entry(
              runId,
              asOf == null ? COMMAND : COMMAND + " --as-of",
              asOf,
              status,
              code.code(),
              started,
              Instant.now(),
              stageStatus,
              stageSeconds,
              RunLedger.byPath(lake.versions()),
              counts,
              config.hash(),
              CodeVersion.current(),
              message,
              details));
    }

    /** Records the failure; a failure to record it must not hide the original error. */
    void failed(RunLedger ledger, Lakehouse lake, RuntimeException e) {
      if (current != null) {
        stageStatus.put(current.name(), "FAILED");
        log.event(stageName(current), "stage_failed")
            .put("seconds", (System.nanoTime() - currentStart) / 1e9)
            .put("message", String.valueOf(e.getMessage()))
            .write();
      }
      try {
        ExitCode code =
            e instanceof org.pioneereval.jobs.runtime.PioneerEvalException p
                ? p.exitCode()
                : ExitCode.INTERNAL_ERROR;
        finish(ledger, lake, Status.FAILED, code, String.valueOf(e.getMessage()));
      } catch (Exception recording) {
        // Exception, not RuntimeException: Spark throws SparkException (checked in Java's terms,
        // undeclared in Scala), which would otherwise replace the run's own error.
        e.addSuppressed(recording);
      }
    }

    Outcome outcome(
        Status status,
        ExitCode code,
        IngestResult ingest,
        List<EstimateJob.Effect> effects,
        Path report,
        Optional<Path> notebooks) {
      return new Outcome(
          runId,
          status,
          code,
          Optional.ofNullable(ingest),
          effects,
          Optional.ofNullable(report),
          notebooks,
          times);
    }
  }
}
