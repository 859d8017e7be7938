package org.pioneereval.jobs.pipeline;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The runs' ledger ({@code runs/run_ledger}): one row per nightly run, appended when the run ends,
 * whether it succeeded, found nothing new or failed. It holds what is needed to trust and to
 * reproduce a run: the status and duration of every stage, the Delta version of every table after
 * the run (inputs and outputs), row counts, the configuration's hash and the code version, and
 * per-stage details that are not counts (which panel rebuild and of which sites).
 */
public final class RunLedger {

  public static final String RUN_ID = "run_id";
  public static final String COMMAND = "command";
  public static final String AS_OF_RUN_ID = "as_of_run_id";
  public static final String STATUS = "status";
  public static final String EXIT_CODE = "exit_code";
  public static final String STARTED_AT = "started_at";
  public static final String ENDED_AT = "ended_at";
  public static final String STAGE_STATUS = "stage_status";
  public static final String STAGE_SECONDS = "stage_seconds";
  public static final String TABLE_VERSIONS = "table_versions";
  public static final String COUNTS = "counts";
  public static final String CONFIG_HASH = "config_hash";
  public static final String CODE_VERSION = "code_version";
  public static final String MESSAGE = "message";

  /**
   * Stage details that are not counts, e.g. {@code panel_mode} ({@code full} or {@code partial}),
   * {@code panel_sites} (the sites rebuilt, comma-separated, or {@code all}) and {@code
   * panel_reason}. Added after the first ledgers were written: null in their rows.
   */
  public static final String STAGE_DETAILS = "stage_details";

  /** How a run ended. */
  public enum Status {
    SUCCEEDED,
    SUCCEEDED_WITH_WARNINGS,
    NOTHING_NEW,
    FAILED
  }

  /** One ledger row. Table versions are keyed by {@link LakeTable#relativePath()}. */
  public record Entry(
      String runId,
      String command,
      String asOfRunId,
      Status status,
      int exitCode,
      Instant startedAt,
      Instant endedAt,
      Map<String, String> stageStatus,
      Map<String, Double> stageSeconds,
      Map<String, Long> tableVersions,
      Map<String, Long> counts,
      String configHash,
      String codeVersion,
      String message,
      Map<String, String> details) {

    /** The recorded versions as tables, for {@link Lakehouse#pinnedAt}. */
    public Map<LakeTable, Long> versionsByTable() {
      Map<LakeTable, Long> out = new EnumMap<>(LakeTable.class);
      for (LakeTable table : LakeTable.values()) {
        Long v = tableVersions.get(table.relativePath());
        if (v != null) {
          out.put(table, v);
        }
      }
      return out;
    }
  }

  private static final StructType SCHEMA =
      new StructType()
          .add(RUN_ID, DataTypes.StringType, false)
          .add(COMMAND, DataTypes.StringType)
          .add(AS_OF_RUN_ID, DataTypes.StringType)
          .add(STATUS, DataTypes.StringType)
          .add(EXIT_CODE, DataTypes.IntegerType)
          .add(STARTED_AT, DataTypes.TimestampType)
          .add(ENDED_AT, DataTypes.TimestampType)
          .add(STAGE_STATUS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add(STAGE_SECONDS, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
          .add(TABLE_VERSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add(COUNTS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add(CONFIG_HASH, DataTypes.StringType)
          .add(CODE_VERSION, DataTypes.StringType)
          .add(MESSAGE, DataTypes.StringType)
          .add(STAGE_DETAILS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  private final Lakehouse lake;

  public RunLedger(Lakehouse lake) {
    this.lake = lake;
  }

  public void record(Entry e) {
    Row row =
        RowFactory.create(
            e.runId(),
            e.command(),
            e.asOfRunId(),
            e.status().name(),
            e.exitCode(),
            Timestamp.from(e.startedAt()),
            Timestamp.from(e.endedAt()),
            scalaMap(e.stageStatus()),
            scalaMap(e.stageSeconds()),
            scalaMap(e.tableVersions()),
            scalaMap(e.counts()),
            e.configHash(),
            e.codeVersion(),
            e.message(),
            scalaMap(e.details()));
    lake.append(LakeTable.RUN_LEDGER, lake.spark().createDataFrame(List.of(row), SCHEMA));
  }

  /** Every recorded run, oldest first. */
  public List<Entry> entries() {
    if (!lake.exists(LakeTable.RUN_LEDGER)) {
      return List.of();
    }
    return lake
        .read(LakeTable.RUN_LEDGER, "nightly")
        .orderBy(col(STARTED_AT))
        .collectAsList()
        .stream()
        .map(RunLedger::entry)
        .toList();
  }

  public Optional<Entry> find(String runId) {
    return entries().stream().filter(e -> e.runId().equals(runId)).reduce((a, b) -> b);
  }

  /** The most recent run that produced results (succeeded, with or without warnings). */
  public Optional<Entry> latestWithResults() {
    return entries().stream()
        .filter(e -> e.status() == Status.SUCCEEDED || e.status() == Status.SUCCEEDED_WITH_WARNINGS)
        .reduce((a, b) -> b);
  }

  /**
   * The most recent run whose panel stage succeeded (whatever the run's end): the panels were then
   * a build of the inputs at the versions it recorded.
   */
  public Optional<Entry> latestPanelBuild() {
    return entries().stream()
        .filter(e -> "SUCCEEDED".equals(e.stageStatus().get(EvaluationPipeline.Stage.PANEL.name())))
        .reduce((a, b) -> b);
  }

  /** Versions keyed by table path, for an entry. */
  public static Map<String, Long> byPath(Map<LakeTable, Long> versions) {
    Map<String, Long> out = new LinkedHashMap<>();
    versions.forEach((table, v) -> out.put(table.relativePath(), v));
    return out;
  }

  private static Entry entry(Row r) {
    return new Entry(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        Status.valueOf(r.getString(3)),
        r.getInt(4),
        r.getTimestamp(5).toInstant(),
        r.getTimestamp(6).toInstant(),
        javaMap(r.getJavaMap(7)),
        javaMap(r.getJavaMap(8)),
        javaMap(r.getJavaMap(9)),
        javaMap(r.getJavaMap(10)),
        r.getString(11),
        r.getString(12),
        r.getString(13),
        r.schema().getFieldIndex(STAGE_DETAILS).isEmpty()
            ? Map.of()
            : javaMap(r.getJavaMap(r.fieldIndex(STAGE_DETAILS))));
  }

  private static <K, V> Map<K, V> javaMap(Map<K, V> m) {
    return m == null ? Map.of() : new LinkedHashMap<>(m);
  }

  private static <K, V> scala.collection.Map<K, V> scalaMap(Map<K, V> m) {
    return CollectionConverters.asScala(m);
  }
}
