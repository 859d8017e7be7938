package org.pioneereval.jobs.testing;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.jobs.runtime.SparkSessions;

/**
 * The one Spark session of the test JVM: created on first use, shared by every test class (surefire
 * runs them all in one reused fork), deterministic and small.
 *
 * <p>Settings: {@code local[2]} (the build machine has two cores), UI off, two shuffle partitions,
 * two Delta snapshot partitions, driver bound to the loopback address, session time zone UTC. They
 * come from {@link SparkSessions#withDelta} and {@link SparkSessions#withLocalTuning}, the same
 * builders {@code main} uses, with the shuffle partitions lowered for test-sized data and code
 * generation off (interpreted expressions: see the comment in the builder).
 *
 * <p>A command-line test runs a command that closes the session it was given; {@link #get()} then
 * builds a fresh one, so test classes never depend on the order they run in.
 */
public final class SparkTestSession {

  /** Two cores on the build machine: two tasks at a time. */
  public static final String MASTER = "local[2]";

  public static final String SHUFFLE_PARTITIONS = "2";

  private static SparkSession session;

  private SparkTestSession() {}

  /** The shared session; built on first call, rebuilt if a command under test stopped it. */
  public static synchronized SparkSession get() {
    if (session == null || session.sparkContext().isStopped()) {
      session = build();
    }
    return session;
  }

  private static SparkSession build() {
    SparkSession.Builder builder =
        SparkSession.builder().appName("pioneer-eval tests").master(MASTER);
    SparkSessions.withDelta(builder);
    SparkSessions.withLocalTuning(builder);
    return builder
        .config("spark.sql.shuffle.partitions", SHUFFLE_PARTITIONS)
        .config("spark.default.parallelism", "2")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        // Interpreted expressions instead of generated code: test data is tiny and nearly every
        // query is new, so compiling code costs more than it saves (measured: ingest of two
        // extracts 12-16 s instead of 15-30 s on two cores). Production keeps code generation.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .config(
            "spark.sql.warehouse.dir",
            Path.of("target", "spark-warehouse").toAbsolutePath().toString())
        .getOrCreate();
  }
}
