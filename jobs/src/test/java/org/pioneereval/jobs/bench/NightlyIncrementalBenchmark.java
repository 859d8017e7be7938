package org.pioneereval.jobs.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.generator.ExtractGenerator;
import org.pioneereval.generator.GeneratorConfig;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.notebook.ResultNotebooksJob;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelJob;
import org.pioneereval.jobs.pipeline.EvaluationPipeline.Stage;
import org.pioneereval.jobs.pipeline.NightlyConfig;
import org.pioneereval.jobs.pipeline.NightlyRun;
import org.pioneereval.jobs.pipeline.RunLedger;
import org.pioneereval.jobs.runtime.SparkSessions;

/**
 * GitHub issue 7's benchmark: a nightly run that adds one month to a 7-year history, against a full
 * rebuild of the same history on an empty lake. The generator's default evaluation (65 sites, 3,000
 * patients per site) is written for April 2010 to March 2017 (7 financial years); the March 2017
 * admissions and costs drops are held back, then:
 *
 * <ol>
 *   <li>{@code history}: a nightly run on everything else (not timed in the comparison);
 *   <li>{@code incremental}: March 2017 arrives; a nightly run ingests it, rebuilds the panels,
 *       re-estimates and reports;
 *   <li>{@code full-rebuild}: a nightly run on an empty lake with all 84 months.
 * </ol>
 *
 * Wall time per stage of the last two, the load average before and after, and peak heap; the panel
 * mode of each run; then the panel stage alone on the same lake: full against partial rebuilds of 3
 * sites and of all sites. Not run by the test suite:
 *
 * <pre>
 * mvn -o -pl jobs -am test-compile -Dspotless.check.skip=true
 * java -cp "jobs/target/test-classes:jobs/target/classes:$(cat cp.txt)" \
 *   org.pioneereval.jobs.bench.NightlyIncrementalBenchmark [patients multiplier, default 1] [work dir] [--history-as-full]
 * </pre>
 *
 * With {@code --panel-only <lake folder>} it times only the panel stage alone on a lake a former
 * run left (e.g. {@code <work dir>/lake}).
 */
public final class NightlyIncrementalBenchmark {

  static final YearMonth FIRST = YearMonth.of(2010, 4);

  /**
   * The month added: the last of 7 financial years, so that every yearly population drop holds its
   * 12 months (the contract refuses shorter ones) and only the monthly extracts are new.
   */
  static final YearMonth ADDED = YearMonth.of(2017, 3);

  /** The extracts delivered monthly; the others (register, population, survey) come yearly. */
  static final List<String> MONTHLY_EXTRACTS = List.of("admissions", "costs");

  private NightlyIncrementalBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("--panel-only")) {
      SparkSession spark = SparkSessions.forCommand("nightly-benchmark", null);
      try {
        panelOnly(spark, Path.of(args[1]).toAbsolutePath());
      } finally {
        spark.stop();
      }
      return;
    }
    int multiplier = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    Path work =
        args.length > 1
            ? Path.of(args[1]).toAbsolutePath()
            : Files.createTempDirectory("nightly-bench-");
    GeneratorConfig design =
        GeneratorConfig.defaults()
            .withPatientsPerSite(GeneratorConfig.PATIENTS_PER_SITE_DEFAULT * multiplier)
            .withStartMonth(FIRST)
            .withEndMonth(ADDED);
    Path data = work.resolve("data");
    Path held = work.resolve("held");
    System.out.printf(
        Locale.ROOT,
        "nightly benchmark: %d patients per site, %s to %s, in %s; load average %.2f%n",
        GeneratorConfig.PATIENTS_PER_SITE_DEFAULT * multiplier,
        FIRST,
        ADDED,
        work,
        loadAverage());
    long t0 = System.nanoTime();
    new ExtractGenerator(design).writeTo(data);
    System.out.printf(
        Locale.ROOT,
        "generated in %.1fs, %,d MB of drops%n",
        (System.nanoTime() - t0) / 1e9,
        size(data.resolve("drops")) >> 20);
    int heldBack = 0;
    for (String extract : MONTHLY_EXTRACTS) {
      heldBack +=
          move(data.resolve("drops").resolve(extract), held.resolve(extract), ADDED.toString());
    }
    System.out.printf(Locale.ROOT, "held back %d drops of %s%n", heldBack, ADDED);

    SparkSession spark = SparkSessions.forCommand("nightly-benchmark", null);
    try {
      Map<Stage, Duration> history = run(spark, data, work.resolve("lake"), work, "history");
      print("history (empty lake, all but the last month)", history);
      for (String extract : MONTHLY_EXTRACTS) {
        move(held.resolve(extract), data.resolve("drops").resolve(extract), ADDED.toString());
      }
      double loadBefore = loadAverage();
      Map<Stage, Duration> incremental =
          run(spark, data, work.resolve("lake"), work, "incremental");
      boolean skipFull = args.length > 2 && args[2].equals("--history-as-full");
      Map<Stage, Duration> full =
          skipFull ? history : run(spark, data, work.resolve("lake-full"), work, "full-rebuild");
      System.out.printf(
          Locale.ROOT,
          "%n%-10s %12s %12s   (load average %.2f before, %.2f after; peak heap %,d MB)%n",
          "stage",
          "incremental",
          skipFull ? "history" : "full",
          loadBefore,
          loadAverage(),
          peakHeapMb());
      Duration totalI = Duration.ZERO;
      Duration totalF = Duration.ZERO;
      for (Stage s : List.of(Stage.INGEST, Stage.PANEL, Stage.ESTIMATE, Stage.REPORT)) {
        Duration i = incremental.getOrDefault(s, Duration.ZERO);
        Duration f = full.getOrDefault(s, Duration.ZERO);
        totalI = totalI.plus(i);
        totalF = totalF.plus(f);
        System.out.printf(
            Locale.ROOT,
            "%-10s %11.1fs %11.1fs%n",
            s.name().toLowerCase(Locale.ROOT),
            sec(i),
            sec(f));
      }
      System.out.printf(Locale.ROOT, "%-10s %11.1fs %11.1fs%n", "total", sec(totalI), sec(totalF));
      panelOnly(spark, work.resolve("lake"));
    } finally {
      spark.stop();
    }
  }

  /**
   * The panel stage alone on the incremental run's lake: a full rebuild against partial rebuilds of
   * 3 sites and of every site (what a nightly does when a month arrives for some or for all sites;
   * without the nightly's decision, whose cost is in the incremental run's panel time), each timed
   * twice.
   */
  private static void panelOnly(SparkSession spark, Path lakeFolder) {
    Lakehouse lake = Lakehouse.at(spark, lakeFolder);
    List<String> sites =
        lake
            .read(LakeTable.SILVER_SITE_REGISTER, "ingest")
            .select(PanelColumns.SITE_CODE)
            .orderBy(PanelColumns.SITE_CODE)
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    System.out.printf(Locale.ROOT, "%npanel stage alone (load average %.2f):%n", loadAverage());
    for (int repeat = 1; repeat <= 2; repeat++) {
      time("full rebuild", () -> PanelJob.create(lake, "bench-full").execute());
      time(
          "partial, 3 sites",
          () -> PanelJob.create(lake, "bench-3").forSites(sites.subList(0, 3)).execute());
      time(
          "partial, all " + sites.size() + " sites",
          () -> PanelJob.create(lake, "bench-all").forSites(sites).execute());
    }
    System.out.printf(Locale.ROOT, "load average after: %.2f%n", loadAverage());
  }

  private static void time(String label, Runnable work) {
    long start = System.nanoTime();
    work.run();
    System.out.printf(Locale.ROOT, "  %-24s %6.1fs%n", label, (System.nanoTime() - start) / 1e9);
  }

  private static Map<Stage, Duration> run(
      SparkSession spark, Path data, Path lake, Path work, String runId) {
    NightlyConfig config =
        new NightlyConfig(
            data.toString(),
            lake.toString(),
            work.resolve("reports").toString(),
            100.0,
            ResultNotebooksJob.NONE);
    long start = System.nanoTime();
    NightlyRun.Outcome outcome =
        NightlyRun.create(spark, config, runId)
            .withProgress(new PrintStream(OutputStream.nullOutputStream()))
            .execute();
    Map<Stage, Duration> times = new EnumMap<>(Stage.class);
    times.putAll(outcome.stageTimes());
    Map<String, String> panel =
        new RunLedger(Lakehouse.at(spark, lake)).find(runId).orElseThrow().details();
    System.out.printf(
        Locale.ROOT,
        "%s: panel %s, sites %s (%s)%n",
        runId,
        panel.get("panel_mode"),
        panel.get("panel_sites"),
        panel.get("panel_reason"));
    System.out.printf(
        Locale.ROOT,
        "%s: %s in %.1fs, %d new drops, %,d rows%n",
        runId,
        outcome.status(),
        (System.nanoTime() - start) / 1e9,
        outcome.ingest().map(i -> i.outcomes().size()).orElse(0),
        outcome.ingest().map(i -> i.rowsReceived()).orElse(0L));
    return times;
  }

  private static void print(String label, Map<Stage, Duration> times) {
    StringBuilder line = new StringBuilder(label).append(':');
    times.forEach(
        (s, d) ->
            line.append(
                String.format(
                    Locale.ROOT, " %s %.1fs", s.name().toLowerCase(Locale.ROOT), sec(d))));
    System.out.println(line);
  }

  /** Moves every batch folder named {@code month} under {@code from/<site>/}. */
  private static int move(Path from, Path to, String month) throws IOException {
    int moved = 0;
    try (Stream<Path> batches = Files.walk(from, 2)) {
      for (Path batch :
          batches
              .filter(p -> p.getFileName().toString().equals(month) && Files.isDirectory(p))
              .sorted(Comparator.reverseOrder())
              .toList()) {
        Path target = to.resolve(from.relativize(batch));
        Files.createDirectories(target.getParent());
        Files.move(batch, target);
        moved++;
      }
    }
    return moved;
  }

  private static long size(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long peakHeapMb() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum()
        >> 20;
  }

  private static double sec(Duration d) {
    return d.toNanos() / 1e9;
  }
}
