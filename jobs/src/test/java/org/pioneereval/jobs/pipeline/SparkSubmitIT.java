package org.pioneereval.jobs.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.generator.ExtractGenerator;
import org.pioneereval.generator.GeneratorConfig;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * GitHub issue 7: the spark-submit jar runs the nightly command through spark-submit on a separate
 * Spark 4.1 installation (the jars Spark provides, assembled from Maven Central into {@code
 * target/spark-home} by the build; {@code scripts/spark-submit} runs Spark's own launcher on it, as
 * {@code bin/spark-submit} does), in local mode: a small generated evaluation goes from drops to
 * Delta results and the run ledger in a JVM that has only Spark's jars and ours.
 */
class SparkSubmitIT {

  static final GeneratorConfig DESIGN =
      GeneratorConfig.defaults()
          .withSeed(11L)
          .withPatientsPerSite(100)
          .withComparisonSites(4)
          .withPioneerSites(2, 2)
          .withStartMonth(YearMonth.of(2012, 4))
          .withEndMonth(YearMonth.of(2014, 3))
          .withGoLiveMonths(YearMonth.of(2013, 6), YearMonth.of(2013, 12));

  @TempDir Path work;

  @Test
  void nightlyRunsThroughSparkSubmitOnASeparateSparkInstallation() throws Exception {
    Path data = work.resolve("data");
    new ExtractGenerator(DESIGN).writeTo(data);
    Path config = work.resolve("nightly.yaml");
    Files.writeString(
        config,
        "data: "
            + data
            + "\nlake: file://"
            + work.resolve("lake")
            + "\nreports: "
            + work.resolve("reports")
            + "\nquarantine_warning_percent: 1.0\n"
            // The two DiDs: the jar, its classpath and the spark-submit route are what this test
            // checks; the other estimators run from the same jar and are tested in the unit JVM
            // (all of them here took 143 s of the suite in one fresh driver JVM).
            + "estimators: [twfe, did_2x2]\n");

    Path sparkHome = Path.of(System.getProperty("pioneer.sparkHome"));
    Path jar = Path.of(System.getProperty("pioneer.sparkSubmitJar"));
    assertThat(sparkHome.resolve("jars")).isDirectory();
    assertThat(jar).isRegularFile();
    try (var jars = Files.list(sparkHome.resolve("jars"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .as("the installation is Spark's jars only: no Delta, no pioneer-eval")
          .anyMatch(n -> n.startsWith("spark-core_2.13-4.1"))
          .noneMatch(n -> n.startsWith("delta-") || n.startsWith("pioneer-eval"));
    }

    List<String> command = new ArrayList<>();
    command.add(System.getProperty("pioneer.sparkSubmitScript"));
    command.addAll(
        List.of(
            "--master",
            "local[2]",
            "--driver-memory",
            "2g",
            // Spark's generated methods are often over the JIT's 8,000-byte limit; without this
            // flag they run interpreted (measured: 69 s instead of 33 s for the first extract).
            // The C1 compiler only: a short run in a fresh JVM on two cores spends less on
            // compiling (the long-lived test JVM keeps full tiered compilation).
            "--driver-java-options",
            "-XX:-DontCompileHugeMethods -XX:TieredStopAtLevel=1",
            "--conf",
            "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
            "--conf",
            "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
            // What an operator sets for a small local master (spark-submit keeps the cluster's
            // settings, so the command's own local tuning does not apply): few shuffle and Delta
            // snapshot partitions (Delta's default of 50 tasks per table state is most of a
            // small run), no UI.
            "--conf",
            "spark.sql.shuffle.partitions=4",
            "--conf",
            "spark.databricks.delta.snapshotPartitions=2",
            "--conf",
            "spark.ui.enabled=false",
            "--class",
            "org.pioneereval.jobs.cli.PioneerEvalCommand",
            jar.toString(),
            "nightly",
            "--config",
            config.toString()));
    Path output = work.resolve("spark-submit.log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = pb.start();
    // the test's own session, to read the lake afterwards, starts while spark-submit runs (whose
    // driver keeps one of the two cores busy, the other mostly idle)
    CompletableFuture<SparkSession> session = CompletableFuture.supplyAsync(SparkTestSession::get);
    boolean finished = process.waitFor(15, TimeUnit.MINUTES);
    String log = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(finished).as("spark-submit finished within 15 minutes; log:%n%s", log).isTrue();
    assertThat(process.exitValue()).as("exit code; log:%n%s", log).isZero();
    assertThat(log).containsPattern("nightly \\S+: SUCCEEDED \\(exit 0\\)");

    Lakehouse lake = Lakehouse.at(session.join(), work.resolve("lake"));
    List<RunLedger.Entry> runs = new RunLedger(lake).entries();
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).status()).isEqualTo(RunLedger.Status.SUCCEEDED);
    assertThat(runs.get(0).codeVersion()).contains("jar-sha256:");
    List<Row> effects =
        lake.read(LakeTable.DID_EFFECTS, "estimate")
            .filter(col(EffectColumns.RUN_ID).equalTo(runs.get(0).runId()))
            .collectAsList();
    assertThat(effects).hasSize(14);
    assertThat(work.resolve("reports").resolve(runs.get(0).runId()).resolve("report.html"))
        .isRegularFile();
  }
}
