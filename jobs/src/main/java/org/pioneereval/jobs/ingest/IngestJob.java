package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.pioneereval.jobs.ingest.IngestColumns.*;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.pioneereval.contracts.ContractColumn;
import org.pioneereval.contracts.DataContract;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.QualityRule;
import org.pioneereval.contracts.RuleType;
import org.pioneereval.contracts.Severity;
import org.pioneereval.contracts.SiteRegisterColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.lake.StageLock;
import org.pioneereval.jobs.runtime.PipelineErrors;
import org.pioneereval.jobs.runtime.StageProgress;

/**
 * The ingest stage: every drop under {@code <data>/drops} checked against its ODCS contract into
 * the lake. Per extract: file-level checks and the privacy gate ({@link DropInspector}) refuse
 * whole files; the rows of accepted files go to bronze as delivered, are typed and checked by
 * {@link RowRules}, and land in silver (valid) or the quarantine (with rule ids and messages). Per
 * drop and rule, checked and failed counts go to the data-quality results, and the job reconciles
 * rows received = accepted + quarantined before it records the drop in the ingest log.
 *
 * <p>Idempotent and re-runnable: a drop whose manifest checksum is already in the ingest log is
 * skipped; a corrected re-delivery replaces its batch ({@code replaceWhere} on the re-delivered
 * drops' ids), new drops are appended. The ingest log is written last: a drop counts as ingested
 * only once it is there. One run at a time holds the stage's {@link StageLock}; a run that finds
 * the lock of a run that was killed or failed first removes every row that run wrote (by {@code
 * ingest_run_id}), so a re-run after a crash duplicates nothing and loses nothing.
 */
public final class IngestJob {

  /** Extracts in the order they are loaded: the register first, since the rest refer to it. */
  public static final List<Extract> INGEST_ORDER =
      List.of(
          Extract.SITE_REGISTER,
          Extract.POPULATION,
          Extract.ADMISSIONS,
          Extract.COSTS,
          Extract.PATIENT_EXPERIENCE,
          Extract.PATIENT_REGISTER);

  /** The stage's name in locks and messages. */
  public static final String STAGE = "ingest";

  private final Lakehouse lake;
  private final Path dataRoot;
  private final String runId;
  // The options below are set only on a fresh copy, by the with... methods (see copy).
  private PrintStream progress = System.err;
  private long inMemoryLimitBytes = DropReader.IN_MEMORY_LIMIT_BYTES_DEFAULT;
  private Consumer<LakeTable> afterWrite = t -> {};
  private Map<Extract, DataContract> contracts = Map.of();
  private StageProgress stageProgress = StageProgress.NONE;
  private int parallelExtracts = PARALLEL_EXTRACTS_DEFAULT;

  private IngestJob(Lakehouse lake, Path dataRoot, String runId) {
    this.lake = lake;
    this.dataRoot = dataRoot;
    this.runId = runId;
  }

  public static IngestJob create(Lakehouse lake, Path dataRoot, String runId) {
    return new IngestJob(lake, dataRoot, runId);
  }

  /**
   * A copy of this job with {@code change} applied to the copy's options; this job is unchanged.
   */
  private IngestJob copy(Consumer<IngestJob> change) {
    IngestJob copy = new IngestJob(lake, dataRoot, runId);
    copy.progress = progress;
    copy.inMemoryLimitBytes = inMemoryLimitBytes;
    copy.afterWrite = afterWrite;
    copy.contracts = contracts;
    copy.stageProgress = stageProgress;
    copy.parallelExtracts = parallelExtracts;
    change.accept(copy);
    return copy;
  }

  /**
   * How many extracts load at once after the site register (which the others check against, so it
   * loads first). Each extract writes its own bronze and silver tables; the quarantine, the one
   * table they share, takes its writes in turn. Two overlap one extract's driver-side work (query
   * planning, Delta commits, the many small files) with another's tasks, on 2 cores as on a
   * cluster.
   */
  public static final int PARALLEL_EXTRACTS_DEFAULT = 2;

  /** Where per-extract progress lines go (standard error by default). */
  public IngestJob withProgress(PrintStream out) {
    return copy(job -> job.progress = out);
  }

  /** Told the number of new drops, then the drops of each extract as they are ingested. */
  public IngestJob withStageProgress(StageProgress meter) {
    return copy(job -> job.stageProgress = meter);
  }

  /**
   * Called after every table write, with the table written: for tests that stop a run between two
   * writes, as a crash would.
   */
  IngestJob withAfterWrite(Consumer<LakeTable> listener) {
    return copy(job -> job.afterWrite = listener);
  }

  /**
   * Loads up to this many bytes per extract through the driver, larger loads through Spark's file
   * scan (see {@link DropReader}); 0 always uses the file scan.
   */
  public IngestJob withInMemoryLimit(long bytes) {
    return copy(job -> job.inMemoryLimitBytes = bytes);
  }

  /** Checks {@code contract}'s extract against it instead of the packaged contract (tests). */
  IngestJob withContract(DataContract contract) {
    Map<Extract, DataContract> changed = new HashMap<>(contracts);
    changed.put(contract.extract(), contract);
    return copy(job -> job.contracts = Map.copyOf(changed));
  }

  /** Loads up to {@code extracts} extracts at once (1: one after another). */
  IngestJob withParallelExtracts(int extracts) {
    if (extracts < 1) {
      throw new IllegalArgumentException("parallel extracts must be at least 1, not " + extracts);
    }
    return copy(job -> job.parallelExtracts = extracts);
  }

  /**
   * Fails with an input error when {@code dataRoot} holds no drop at all (or does not exist); needs
   * no Spark, so the command line calls it before starting a session.
   */
  public static void requireDrops(Path dataRoot) {
    drops(dataRoot);
  }

  private static Map<Extract, List<Drop>> drops(Path dataRoot) {
    Map<Extract, List<Drop>> drops = DropDiscovery.find(dataRoot);
    if (drops.values().stream().allMatch(List::isEmpty)) {
      throw PipelineErrors.noDropsFound(dataRoot.resolve(DropDiscovery.DROPS_FOLDER));
    }
    return drops;
  }

  public IngestResult execute() {
    Map<Extract, List<Drop>> drops = drops(dataRoot);
    try (StageLock lock = StageLock.acquire(lake, STAGE, runId)) {
      lock.staleRunId().ifPresent(this::undoInterruptedRun);
      Map<String, String[]> ingested = previouslyIngested();
      List<IngestResult.DropOutcome> outcomes = new ArrayList<>();
      long skipped = 0;
      Map<Extract, List<Drop>> pendingByExtract = new java.util.EnumMap<>(Extract.class);
      for (Extract extract : INGEST_ORDER) {
        List<Drop> pending = new ArrayList<>();
        for (Drop drop : drops.get(extract)) {
          if (alreadyIngested(drop, ingested.get(drop.id()))) {
            skipped++;
          } else {
            pending.add(drop);
          }
        }
        pendingByExtract.put(extract, pending);
      }
      stageProgress.total(pendingByExtract.values().stream().mapToLong(List::size).sum(), "drops");
      Map<Extract, ExtractLoad> loaded = ingestExtracts(pendingByExtract, ingested.keySet());
      Records records = new Records();
      for (Extract extract : INGEST_ORDER) {
        ExtractLoad load = loaded.get(extract);
        if (load != null) {
          outcomes.addAll(load.outcomes());
          records.addAll(load.records());
        }
      }
      writeRecords(records);
      lock.release();
      return new IngestResult(runId, outcomes, skipped);
    }
  }

  /** One extract's outcomes and the records it leaves for the run's single DQ and log commits. */
  private record ExtractLoad(List<IngestResult.DropOutcome> outcomes, Records records) {}

  /**
   * Ingests the extracts with pending drops: the site register first, then the others, up to {@link
   * #parallelExtracts} at a time. Waits for every extract it started before it returns or throws,
   * so nothing still writes when the caller records the run or fails it; a failure is rethrown as
   * thrown (the first in ingest order when several failed).
   */
  private Map<Extract, ExtractLoad> ingestExtracts(
      Map<Extract, List<Drop>> pendingByExtract, Set<String> loggedBefore) {
    Map<Extract, ExtractLoad> loaded = new java.util.EnumMap<>(Extract.class);
    // read once, after this run's own site-register drops are in (the register goes first)
    Supplier<Map<String, LocalDate>> sites = once(this::registeredSites);
    List<Extract> rest = new ArrayList<>();
    for (Extract extract : INGEST_ORDER) {
      if (pendingByExtract.get(extract).isEmpty()) {
        continue;
      }
      if (extract == Extract.SITE_REGISTER || parallelExtracts == 1) {
        loaded.put(
            extract, ingestExtract(extract, pendingByExtract.get(extract), loggedBefore, sites));
      } else {
        rest.add(extract);
      }
    }
    if (rest.isEmpty()) {
      return loaded;
    }
    SparkSession spark = lake.spark();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelExtracts, rest.size()),
            task -> {
              Thread thread = new Thread(task, "pioneer-eval-ingest");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Map<Extract, Future<ExtractLoad>> running = new java.util.EnumMap<>(Extract.class);
      for (Extract extract : rest) {
        running.put(
            extract,
            pool.submit(
                () -> {
                  SparkSession.setActiveSession(spark);
                  return ingestExtract(extract, pendingByExtract.get(extract), loggedBefore, sites);
                }));
      }
      Throwable failure = null;
      for (Map.Entry<Extract, Future<ExtractLoad>> task : running.entrySet()) {
        try {
          loaded.put(task.getKey(), task.getValue().get());
        } catch (ExecutionException e) {
          failure = failure == null ? e.getCause() : failure;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = failure == null ? e : failure;
        }
      }
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new IllegalStateException("ingest failed: " + failure, failure);
      }
      return loaded;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Removes every row an interrupted ingest run wrote (bronze, silver, quarantine, data-quality
   * results and its ingest-log rows), so that its drops are ingested again from scratch, as if that
   * run had never started. Rows are found by their {@code ingest_run_id}.
   */
  private void undoInterruptedRun(String interruptedRunId) {
    progress.printf(
        Locale.ROOT,
        "ingest: run %s stopped before it finished; removing what it wrote%n",
        interruptedRunId);
    String condition = INGEST_RUN_ID + " = '" + interruptedRunId.replace("'", "''") + "'";
    List<LakeTable> tables = new ArrayList<>();
    for (Extract extract : INGEST_ORDER) {
      tables.add(bronze(extract));
      tables.add(silver(extract));
    }
    tables.addAll(
        List.of(LakeTable.QUARANTINE, LakeTable.DATA_QUALITY_RESULTS, LakeTable.INGEST_LOG));
    for (LakeTable table : tables) {
      lake.delete(table, condition);
    }
  }

  /**
   * drop_id to {manifest checksum, file checksum} of its latest logged attempt (accepted or
   * refused).
   */
  private Map<String, String[]> previouslyIngested() {
    Map<String, String[]> shaByDrop = new HashMap<>();
    if (!lake.exists(LakeTable.INGEST_LOG)) {
      return shaByDrop;
    }
    Dataset<Row> log = lake.read(LakeTable.INGEST_LOG, "ingest");
    Column fileSha =
        java.util.Arrays.asList(log.columns()).contains(FILE_SHA256)
            ? col(FILE_SHA256)
            : lit(null).cast("string");
    List<Row> rows =
        log.select(col(DROP_ID), col(SHA256), fileSha, col(INGESTED_AT))
            .orderBy(col(INGESTED_AT))
            .collectAsList();
    for (Row row : rows) {
      shaByDrop.put(row.getString(0), new String[] {row.getString(1), row.getString(2)});
    }
    return shaByDrop;
  }

  /**
   * True when this delivery was handled before: same manifest checksum, and either the file matched
   * it then, or the file is still the same one that did not match (a corrupt file stays refused
   * without a new log row; an intact copy under the same manifest is ingested). A drop refused for
   * a missing or incomplete manifest is handled while its folder is unchanged (same files, same
   * content): the refusal is logged once, not on every run.
   */
  private static boolean alreadyIngested(Drop drop, String[] logged) {
    String manifestSha = drop.manifest() == null ? null : drop.manifest().sha256();
    if (logged != null && manifestSha == null && logged[0] == null && logged[1] != null) {
      // refused before for its manifest: skipped while the folder is unchanged
      return logged[1].equals(DropInspector.folderFingerprint(drop.folder()));
    }
    if (logged == null || manifestSha == null || !manifestSha.equalsIgnoreCase(logged[0])) {
      return false;
    }
    if (logged[1] == null || logged[1].equalsIgnoreCase(manifestSha)) {
      return true;
    }
    return logged[1].equalsIgnoreCase(DropInspector.sha256Of(drop.dataFile()));
  }

  private ExtractLoad ingestExtract(
      Extract extract,
      List<Drop> pending,
      Set<String> loggedBefore,
      Supplier<Map<String, LocalDate>> sites) {
    Records records = new Records();
    DataContract contract = contracts.getOrDefault(extract, DataContract.load(extract));
    DropInspector inspector = new DropInspector(contract);
    long start = System.nanoTime();
    List<DropInspection> inspections = pending.parallelStream().map(inspector::inspect).toList();
    List<DropInspection> readable =
        inspections.stream().filter(DropInspection::isReadable).toList();
    long inspected = System.nanoTime();
    Map<String, long[]> counts = new HashMap<>();
    for (List<DropInspection> load : loads(readable)) {
      counts.putAll(loadRows(extract, contract, load, loggedBefore, sites, records));
    }
    long rows = readable.stream().mapToLong(DropInspection::rowsReceived).sum();
    progress.printf(
        Locale.ROOT,
        "ingest %-18s %,6d drops checked in %5.1fs (%,d refused); %,9d rows loaded in %5.1fs%n",
        extract.folderName(),
        inspections.size(),
        (inspected - start) / 1e9,
        inspections.size() - readable.size(),
        rows,
        (System.nanoTime() - inspected) / 1e9);
    List<IngestResult.DropOutcome> outcomes = new ArrayList<>();
    for (DropInspection inspection : inspections) {
      String dropId = inspection.drop().id();
      if (inspection.isReadable()) {
        long[] c = counts.getOrDefault(dropId, new long[2]);
        outcomes.add(
            new IngestResult.DropOutcome(
                dropId,
                extract.folderName(),
                STATUS_ACCEPTED,
                null,
                null,
                inspection.rowsReceived(),
                c[0],
                c[1]));
      } else {
        outcomes.add(
            new IngestResult.DropOutcome(
                dropId,
                extract.folderName(),
                STATUS_REFUSED,
                inspection.refusal(),
                inspection.message(),
                inspection.rowsReceived(),
                0,
                0));
      }
    }
    records.log.addAll(logRows(contract, inspections, outcomes));
    stageProgress.advance(pending.size());
    return new ExtractLoad(outcomes, records);
  }

  /**
   * The readable drops of an extract cut into loads of at most the in-memory limit (file bytes), in
   * their order (site, then batch), so that every load takes the driver route of {@link
   * DropReader}: Spark's file scan costs milliseconds per file, and monthly drops are thousands of
   * small files. A drop larger than the limit is a load of its own. Checks across the batches of a
   * site see the same earlier batches either way: those of earlier loads are in silver by then.
   * With a limit of 0 (always Spark's file scan) everything is one load.
   */
  private List<List<DropInspection>> loads(List<DropInspection> readable) {
    List<List<DropInspection>> loads = new ArrayList<>();
    if (inMemoryLimitBytes <= 0) {
      if (!readable.isEmpty()) {
        loads.add(readable);
      }
      return loads;
    }
    List<DropInspection> load = new ArrayList<>();
    long bytes = 0;
    for (DropInspection inspection : readable) {
      long size = inspection.drop().dataFile().toFile().length();
      if (!load.isEmpty() && bytes + size > inMemoryLimitBytes) {
        loads.add(load);
        load = new ArrayList<>();
        bytes = 0;
      }
      load.add(inspection);
      bytes += size;
    }
    if (!load.isEmpty()) {
      loads.add(load);
    }
    return loads;
  }

  /**
   * Loads the rows of readable drops; returns drop_id to {accepted, quarantined}. Drops never
   * logged before have no rows in the lake (an interrupted run's rows were removed at the start),
   * so their rows are appended; a re-delivered drop's rows replace its earlier ones.
   */
  private Map<String, long[]> loadRows(
      Extract extract,
      DataContract contract,
      List<DropInspection> readable,
      Set<String> loggedBefore,
      Supplier<Map<String, LocalDate>> sites,
      Records records) {
    SparkSession spark = lake.spark();
    List<String> columns = contract.columns().stream().map(ContractColumn::name).toList();
    Dataset<Row> delivered =
        DropReader.of(spark, contract)
            .withInMemoryLimit(inMemoryLimitBytes)
            .read(readable)
            .withColumn(INGEST_RUN_ID, lit(runId));

    RowRules rules =
        extract == Extract.SITE_REGISTER
            ? RowRules.of(contract, null)
            : RowRules.againstSiteRegister(contract, sites.get());
    List<RowRules.RowCheck> checks = rules.checks();
    Set<String> dropIds =
        readable.stream()
            .map(i -> i.drop().id())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    Dataset<Row> typed = rules.typed(delivered);
    Dataset<Row> earlier = earlierDeliveries(extract, contract, readable, dropIds);
    if (earlier != null) {
      typed = typed.unionByName(earlier, true);
    }
    List<Column> flaggedColumns = new ArrayList<>();
    flaggedColumns.add(col("*"));
    List<Column> masks = RowRules.failureMasks(checks);
    for (int m = 0; m < masks.size(); m++) {
      flaggedColumns.add(masks.get(m).as(RowRules.maskColumn(m)));
    }
    Dataset<Row> flagged =
        rules
            .withKeyDeliveries(typed)
            .filter(not(col(RowRules.EARLIER_DELIVERY)))
            .select(flaggedColumns.toArray(Column[]::new))
            .withColumn(QUARANTINED, RowRules.failedAnyError(checks))
            .coalesce(
                partitionsFor(
                    readable.stream().mapToLong(DropInspection::rowsReceived).sum(),
                    spark.sparkContext().defaultParallelism()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Set<String> redelivered =
          dropIds.stream()
              .filter(loggedBefore::contains)
              .collect(Collectors.toCollection(LinkedHashSet::new));
      Column[] lineage = {
        col(DROP_ID), col(DROP_SITE), col(DROP_BATCH), col(DROP_FILE), col(INGEST_RUN_ID)
      };

      List<Column> bronzeColumns = new ArrayList<>();
      for (String c : columns) {
        bronzeColumns.add(col(RowRules.raw(c)).as(c));
      }
      bronzeColumns.addAll(List.of(lineage));
      long bronzeAdded =
          writeLoad(
              bronze(extract), redelivered, flagged.select(bronzeColumns.toArray(Column[]::new)));

      List<Column> silverColumns = new ArrayList<>();
      for (String c : columns) {
        silverColumns.add(col(c));
      }
      silverColumns.addAll(List.of(lineage));
      long silverAdded =
          writeLoad(
              silver(extract),
              redelivered,
              flagged.filter(not(col(QUARANTINED))).select(silverColumns.toArray(Column[]::new)));

      Column rawRecord =
          to_json(
              struct(columns.stream().map(c -> col(RowRules.raw(c)).as(c)).toArray(Column[]::new)));
      Dataset<Row> quarantined =
          flagged
              .filter(col(QUARANTINED))
              .withColumn(FAILURES, RowRules.failures(checks))
              .select(
                  lit(extract.folderName()).as(EXTRACT),
                  col(DROP_ID),
                  col(DROP_SITE),
                  col(DROP_BATCH),
                  col(DROP_FILE),
                  col(INGEST_RUN_ID),
                  rawRecord.as(RAW_RECORD),
                  col(FAILURES + ".rule_id").as(RULE_IDS),
                  col(FAILURES + ".message").as(MESSAGES));
      // One pass over the load counts rows per drop and rule; it decides whether the quarantine
      // needs a commit: an empty write still costs one, so it is skipped when no row failed and
      // no re-delivered drop has earlier quarantined rows to replace (a clean load, the usual
      // case).
      RuleCounts ruleCounts = RuleCounts.of(flagged, checks, batchRules(contract));
      boolean quarantineNeeded =
          ruleCounts.anyRowFailed()
              || (!redelivered.isEmpty()
                  && lake.exists(LakeTable.QUARANTINE)
                  && !lake.read(LakeTable.QUARANTINE, "ingest")
                      .filter(dropCondition(redelivered))
                      .isEmpty());
      long quarantineAdded = 0;
      if (quarantineNeeded) {
        quarantineAdded = writeLoad(LakeTable.QUARANTINE, redelivered, quarantined);
      }
      records.quality.addAll(qualityResults(extract, checks, ruleCounts, dropIds));
      records.redelivered.addAll(redelivered);
      return redelivered.isEmpty() && bronzeAdded >= 0 && silverAdded >= 0 && quarantineAdded >= 0
          ? reconcile(extract, readable, ruleCounts, bronzeAdded, silverAdded, quarantineAdded)
          : reconcileFromTables(extract, readable);
    } finally {
      flagged.unpersist();
    }
  }

  /**
   * The key columns of the contract's duplicateValues rules, with site and batch, of the rows in
   * silver that came in other drops of the sites in this load: what the across-batches duplicate
   * checks compare the load's keys with. The re-delivered drops of the load are left out, since
   * their rows are about to be replaced. Null when there is nothing to compare with.
   */
  private Dataset<Row> earlierDeliveries(
      Extract extract, DataContract contract, List<DropInspection> readable, Set<String> dropIds) {
    Set<String> keys = new LinkedHashSet<>();
    for (QualityRule rule : contract.rules()) {
      if (rule.type() == RuleType.DUPLICATE_VALUES) {
        keys.addAll(rule.columns());
      }
    }
    if (keys.isEmpty() || !lake.exists(silver(extract))) {
      return null;
    }
    Set<String> sites = new TreeSet<>();
    readable.forEach(i -> sites.add(i.drop().site()));
    List<Column> columns = new ArrayList<>();
    columns.add(col(DROP_ID));
    columns.add(col(DROP_SITE));
    columns.add(col(DROP_BATCH));
    keys.forEach(k -> columns.add(col(k)));
    columns.add(lit(true).as(RowRules.EARLIER_DELIVERY));
    return lake.read(silver(extract), "ingest")
        .filter(col(DROP_SITE).isin(sites.toArray()).and(not(col(DROP_ID).isin(dropIds.toArray()))))
        .select(columns.toArray(Column[]::new));
  }

  /**
   * Per drop and rule: rows checked and failed, and whether the rule passed. Row-level rules come
   * from the rows' failure masks; batch-level rules of the contract (rowCount, percentage
   * thresholds such as the survey items' completeness warnings) are decided here per drop, so a
   * failed warning is recorded while the drop goes on. Every drop of the load has a row per rule,
   * also a drop with no data rows.
   */
  private List<Row> qualityResults(
      Extract extract, List<RowRules.RowCheck> checks, RuleCounts counts, Set<String> dropIds) {
    List<QualityRule> batchRules = counts.batchRules();
    List<Row> results = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    String name = extract.folderName();
    for (String dropId : dropIds) {
      long checked = counts.rowsChecked(dropId);
      for (int c = 0; c < checks.size(); c++) {
        RowRules.RowCheck check = checks.get(c);
        long failed = counts.rowsFailed(dropId, c);
        results.add(
            RowFactory.create(
                runId,
                name,
                dropId,
                check.ruleId(),
                check.ruleType(),
                severityName(check.severity()),
                checked,
                failed,
                failed == 0,
                now));
      }
      for (int i = 0; i < batchRules.size(); i++) {
        QualityRule rule = batchRules.get(i);
        long counted = counts.batchRuleCount(dropId, i);
        boolean passed;
        long failed;
        if (rule.type() == RuleType.ROW_COUNT) {
          passed = rule.passes(checked);
          failed = passed ? 0 : checked;
        } else {
          double metric =
              rule.unit() == QualityRule.Unit.PERCENT
                  ? (checked == 0 ? 0 : 100.0 * counted / checked)
                  : counted;
          passed = rule.passes(metric);
          failed = counted;
        }
        results.add(
            RowFactory.create(
                runId,
                name,
                dropId,
                rule.id(),
                batchTypeName(rule.type()),
                severityName(rule.severity()),
                checked,
                failed,
                passed,
                now));
      }
    }
    return results;
  }

  /**
   * The contract's batch-level rules decided per drop: rowCount and percentage or count thresholds.
   * Duplicates are row-level here (each duplicate row is quarantined).
   */
  private static List<QualityRule> batchRules(DataContract contract) {
    return contract.rules().stream()
        .filter(r -> !r.isRowLevel() && r.type() != RuleType.DUPLICATE_VALUES)
        .toList();
  }

  /**
   * Per drop of a load: rows checked, rows failing each row-level check, and the rows counted by
   * each batch-level rule's condition, from one aggregation over the load's flagged rows.
   */
  private record RuleCounts(
      Map<String, Row> perDrop, List<QualityRule> batchRules, int checkCount, boolean anyFailed) {

    static RuleCounts of(
        Dataset<Row> flagged, List<RowRules.RowCheck> checks, List<QualityRule> batchRules) {
      List<Column> aggregates = new ArrayList<>();
      aggregates.add(sum(when(col(QUARANTINED), 1L).otherwise(0L)).as(ROWS_QUARANTINED));
      for (int c = 0; c < checks.size(); c++) {
        aggregates.add(sum(when(RowRules.failed(c), 1L).otherwise(0L)).as("r_" + c));
      }
      for (QualityRule rule : batchRules) {
        Column counted =
            rule.type() == RuleType.ROW_COUNT || rule.rowCondition().isEmpty()
                ? lit(0L)
                : sum(
                    when(coalesce(expr(rule.rowCondition().get()), lit(false)), 1L).otherwise(0L));
        aggregates.add(counted.as("b_" + aggregates.size()));
      }
      Map<String, Row> perDrop = new HashMap<>();
      boolean anyFailed = false;
      for (Row row :
          flagged
              .groupBy(DROP_ID)
              .agg(count(lit(1)).as(ROWS_CHECKED), aggregates.toArray(Column[]::new))
              .collectAsList()) {
        perDrop.put(row.getString(0), row);
        for (int c = 0; c < checks.size(); c++) {
          anyFailed |= checks.get(c).quarantines() && row.getLong(3 + c) > 0;
        }
      }
      return new RuleCounts(perDrop, batchRules, checks.size(), anyFailed);
    }

    boolean anyRowFailed() {
      return anyFailed;
    }

    long rowsChecked(String dropId) {
      Row row = perDrop.get(dropId);
      return row == null ? 0 : row.getLong(1);
    }

    long rowsFailed(String dropId, int check) {
      Row row = perDrop.get(dropId);
      return row == null ? 0 : row.getLong(3 + check);
    }

    long batchRuleCount(String dropId, int rule) {
      Row row = perDrop.get(dropId);
      return row == null ? 0 : row.getLong(3 + checkCount + rule);
    }

    /** Rows of the drop that failed an error check: they go to the quarantine. */
    long rowsQuarantined(String dropId) {
      Row row = perDrop.get(dropId);
      return row == null ? 0 : row.getLong(2);
    }
  }

  private static String severityName(Severity severity) {
    return severity.name().toLowerCase(Locale.ROOT);
  }

  private static String batchTypeName(RuleType type) {
    return switch (type) {
      case ROW_COUNT -> "rowCount";
      case MISSING_VALUES -> "missingValues";
      case NULL_VALUES -> "nullValues";
      case INVALID_VALUES -> "invalidValues";
      case DUPLICATE_VALUES -> "duplicateValues";
      case SQL -> "sql";
    };
  }

  /**
   * Reconciles an appended load without reading it back: per drop, the rows the rules checked equal
   * the rows the file inspection counted, and accepted + quarantined = checked; per table, the rows
   * Delta's commit added equal the load's totals (bronze: received, silver: accepted, quarantine:
   * quarantined). Any difference is a bug and stops the run before the drops are logged as
   * ingested. Returns drop_id to {accepted, quarantined}.
   */
  private Map<String, long[]> reconcile(
      Extract extract,
      List<DropInspection> readable,
      RuleCounts counts,
      long bronzeAdded,
      long silverAdded,
      long quarantineAdded) {
    Map<String, long[]> perDrop = new HashMap<>();
    long received = 0;
    long quarantined = 0;
    for (DropInspection inspection : readable) {
      String dropId = inspection.drop().id();
      long checked = counts.rowsChecked(dropId);
      long failed = counts.rowsQuarantined(dropId);
      if (checked != inspection.rowsReceived()) {
        throw PipelineErrors.reconciliationFailed(dropId, inspection.rowsReceived(), checked);
      }
      perDrop.put(dropId, new long[] {checked - failed, failed});
      received += checked;
      quarantined += failed;
    }
    String load = extract.folderName() + " load of " + readable.size() + " drops";
    if (bronzeAdded != received) {
      throw PipelineErrors.reconciliationFailed(load + " (bronze)", received, bronzeAdded);
    }
    if (silverAdded + quarantineAdded != received || quarantineAdded != quarantined) {
      throw PipelineErrors.reconciliationFailed(load, received, silverAdded + quarantineAdded);
    }
    return perDrop;
  }

  /**
   * Counts what landed in silver and quarantine per drop and checks it against the rows received:
   * the reconciliation of a load that replaced re-delivered batches, whose commits' counts mix new
   * and rewritten rows. Any difference is a bug and stops the run before the drops are logged as
   * ingested.
   */
  private Map<String, long[]> reconcileFromTables(Extract extract, List<DropInspection> readable) {
    Column thisRun = col(INGEST_RUN_ID).equalTo(lit(runId));
    Map<String, long[]> counts = new HashMap<>();
    for (Row row :
        lake.read(silver(extract), "ingest")
            .filter(thisRun)
            .groupBy(DROP_ID)
            .count()
            .collectAsList()) {
      counts.computeIfAbsent(row.getString(0), k -> new long[2])[0] = row.getLong(1);
    }
    List<Row> quarantinedPerDrop =
        lake.exists(LakeTable.QUARANTINE)
            ? lake.read(LakeTable.QUARANTINE, "ingest")
                .filter(thisRun.and(col(EXTRACT).equalTo(lit(extract.folderName()))))
                .groupBy(DROP_ID)
                .count()
                .collectAsList()
            : List.of();
    for (Row row : quarantinedPerDrop) {
      counts.computeIfAbsent(row.getString(0), k -> new long[2])[1] = row.getLong(1);
    }
    for (DropInspection inspection : readable) {
      long[] c = counts.getOrDefault(inspection.drop().id(), new long[2]);
      if (c[0] + c[1] != inspection.rowsReceived()) {
        throw PipelineErrors.reconciliationFailed(
            inspection.drop().id(), inspection.rowsReceived(), c[0] + c[1]);
      }
    }
    return counts;
  }

  private List<Row> logRows(
      DataContract contract,
      List<DropInspection> inspections,
      List<IngestResult.DropOutcome> outcomes) {
    List<Row> rows = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    for (int i = 0; i < inspections.size(); i++) {
      DropInspection inspection = inspections.get(i);
      IngestResult.DropOutcome outcome = outcomes.get(i);
      Drop drop = inspection.drop();
      String sha = drop.manifest() == null ? null : drop.manifest().sha256();
      rows.add(
          RowFactory.create(
              runId,
              drop.id(),
              drop.extract().folderName(),
              drop.site(),
              drop.batch(),
              drop.dataFile().getFileName().toString(),
              sha,
              inspection.sha256(),
              drop.manifest() == null ? null : drop.manifest().contractVersion(),
              contract.version(),
              outcome.status(),
              outcome.reason() == null ? null : outcome.reason().name(),
              outcome.message(),
              outcome.rowsReceived(),
              outcome.rowsAccepted(),
              outcome.rowsQuarantined(),
              now));
    }
    return rows;
  }

  /**
   * What an ingest run records besides the loads themselves, written once at its end: the
   * data-quality results of every load, then the ingest log (last, since a drop counts as ingested
   * only once it is logged). One commit each for the whole run, not one per extract.
   */
  private static final class Records {
    final List<Row> quality = new ArrayList<>();
    final Set<String> redelivered = new LinkedHashSet<>();
    final List<Row> log = new ArrayList<>();

    void addAll(Records other) {
      quality.addAll(other.quality);
      redelivered.addAll(other.redelivered);
      log.addAll(other.log);
    }
  }

  private void writeRecords(Records records) {
    if (!records.quality.isEmpty()) {
      int slices = Math.max(1, Math.min(16, records.quality.size() / 20_000 + 1));
      Dataset<Row> table =
          lake.spark()
              .createDataFrame(
                  JavaSparkContext.fromSparkContext(lake.spark().sparkContext())
                      .parallelize(records.quality, slices),
                  QUALITY_RESULTS_SCHEMA);
      writeLoad(LakeTable.DATA_QUALITY_RESULTS, records.redelivered, table);
    }
    if (!records.log.isEmpty()) {
      lake.append(LakeTable.INGEST_LOG, lake.spark().createDataFrame(records.log, LOG_SCHEMA));
      afterWrite.accept(LakeTable.INGEST_LOG);
    }
  }

  private static final StructType QUALITY_RESULTS_SCHEMA =
      new StructType()
          .add(INGEST_RUN_ID, DataTypes.StringType)
          .add(EXTRACT, DataTypes.StringType)
          .add(DROP_ID, DataTypes.StringType)
          .add(RULE_ID, DataTypes.StringType)
          .add(RULE_TYPE, DataTypes.StringType)
          .add(SEVERITY, DataTypes.StringType)
          .add(ROWS_CHECKED, DataTypes.LongType)
          .add(ROWS_FAILED, DataTypes.LongType)
          .add(PASSED, DataTypes.BooleanType)
          .add(INGESTED_AT, DataTypes.TimestampType);

  private static final StructType LOG_SCHEMA =
      new StructType()
          .add(INGEST_RUN_ID, DataTypes.StringType)
          .add(DROP_ID, DataTypes.StringType)
          .add(EXTRACT, DataTypes.StringType)
          .add(DROP_SITE, DataTypes.StringType)
          .add(DROP_BATCH, DataTypes.StringType)
          .add(DROP_FILE, DataTypes.StringType)
          .add(SHA256, DataTypes.StringType)
          .add(FILE_SHA256, DataTypes.StringType)
          .add("manifest_contract_version", DataTypes.StringType)
          .add(CONTRACT_VERSION, DataTypes.StringType)
          .add(STATUS, DataTypes.StringType)
          .add(REASON, DataTypes.StringType)
          .add(MESSAGE, DataTypes.StringType)
          .add(ROWS_RECEIVED, DataTypes.LongType)
          .add(ROWS_ACCEPTED, DataTypes.LongType)
          .add(ROWS_QUARANTINED, DataTypes.LongType)
          .add(INGESTED_AT, DataTypes.TimestampType);

  /** A supplier that calls {@code read} once, on first use, for every thread. */
  private static <T> Supplier<T> once(Supplier<T> read) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = read.get();
        }
        return value;
      }
    };
  }

  /** Every site of the silver site register with its go-live date (null for comparison sites). */
  private Map<String, LocalDate> registeredSites() {
    if (!lake.exists(LakeTable.SILVER_SITE_REGISTER)) {
      throw PipelineErrors.siteRegisterMissing(Path.of(lake.root()));
    }
    Map<String, LocalDate> sites = new HashMap<>();
    for (Row row :
        lake.read(LakeTable.SILVER_SITE_REGISTER, "ingest")
            .select(SiteRegisterColumns.SITE_CODE, SiteRegisterColumns.GO_LIVE_DATE)
            .collectAsList()) {
      sites.put(row.getString(0), row.isNullAt(1) ? null : row.getDate(1).toLocalDate());
    }
    return sites;
  }

  /**
   * Partitions of a load's checked rows (they are cached and written four times): about {@value
   * #ROWS_PER_PARTITION} rows each, spread over the available cores once there are at least {@value
   * #MIN_ROWS_PER_TASK} rows per core. Without this the duplicate check's shuffle leaves {@code
   * spark.sql.shuffle.partitions} (200 on a cluster) partitions, and every write of a small monthly
   * load becomes 200 tasks and 200 tiny files.
   */
  static int partitionsFor(long rows, int parallelism) {
    long bySize = (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION;
    long spread = Math.min(parallelism, rows / MIN_ROWS_PER_TASK);
    return (int) Math.max(1, Math.max(bySize, spread));
  }

  static final long ROWS_PER_PARTITION = 500_000;
  static final long MIN_ROWS_PER_TASK = 20_000;

  /**
   * Writes one load's rows to a table: an append when none of its drops was logged before, else a
   * single commit that replaces the re-delivered drops' earlier rows. Returns the rows an append
   * added by the commit's own count, or -1 for a replacement (or when Delta recorded no count).
   */
  private long writeLoad(LakeTable table, Set<String> redelivered, Dataset<Row> rows) {
    if (table == LakeTable.QUARANTINE) {
      // the one load table extracts loading in parallel share: its writes take turns, so that each
      // reads back its own commit and a replacement never races another extract's append
      synchronized (quarantineWrites) {
        return write(table, redelivered, rows);
      }
    }
    return write(table, redelivered, rows);
  }

  private final Object quarantineWrites = new Object();

  private long write(LakeTable table, Set<String> redelivered, Dataset<Row> rows) {
    long added = -1;
    if (redelivered.isEmpty()) {
      added =
          table == LakeTable.DATA_QUALITY_RESULTS
              ? lake.appendCounted(table, rows)
              : lake.appendCounted(table, rows, LOAD_STATS_COLUMNS);
    } else {
      lake.replaceWhere(table, dropCondition(redelivered), rows);
    }
    afterWrite.accept(table);
    return added;
  }

  /**
   * The columns bronze, silver and the quarantine keep Delta file statistics for: what the ingest
   * job filters them by (a drop, a site's earlier batches, a run to undo).
   */
  static final List<String> LOAD_STATS_COLUMNS =
      List.of(DROP_ID, DROP_SITE, DROP_BATCH, INGEST_RUN_ID);

  private static String dropCondition(Set<String> dropIds) {
    return DROP_ID
        + " IN ("
        + dropIds.stream()
            .map(id -> "'" + id.replace("'", "''") + "'")
            .collect(Collectors.joining(","))
        + ")";
  }

  static LakeTable bronze(Extract extract) {
    return switch (extract) {
      case SITE_REGISTER -> LakeTable.BRONZE_SITE_REGISTER;
      case POPULATION -> LakeTable.BRONZE_POPULATION;
      case ADMISSIONS -> LakeTable.BRONZE_ADMISSIONS;
      case COSTS -> LakeTable.BRONZE_COSTS;
      case PATIENT_EXPERIENCE -> LakeTable.BRONZE_PATIENT_EXPERIENCE;
      case PATIENT_REGISTER -> LakeTable.BRONZE_PATIENT_REGISTER;
    };
  }

  public static LakeTable silver(Extract extract) {
    return switch (extract) {
      case SITE_REGISTER -> LakeTable.SILVER_SITE_REGISTER;
      case POPULATION -> LakeTable.SILVER_POPULATION;
      case ADMISSIONS -> LakeTable.SILVER_ADMISSIONS;
      case COSTS -> LakeTable.SILVER_COSTS;
      case PATIENT_EXPERIENCE -> LakeTable.SILVER_PATIENT_EXPERIENCE;
      case PATIENT_REGISTER -> LakeTable.SILVER_PATIENT_REGISTER;
    };
  }
}
