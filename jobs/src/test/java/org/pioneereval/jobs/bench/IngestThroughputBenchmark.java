package org.pioneereval.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.contracts.DataContract;
import org.pioneereval.contracts.Extract;
import org.pioneereval.jobs.ingest.IngestJob;
import org.pioneereval.jobs.ingest.IngestResult;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.runtime.SparkSessions;

/**
 * Ingest throughput benchmark (not a unit test; issue 3: "ingest throughput and peak memory on 10
 * million generated admission rows, CSV to Delta with all rules; target at least 500,000 rows/s on
 * 2 cores").
 *
 * <p>Generates {@code rows} admission spells as the usual monthly drops, 65 sites (25 pioneers, 40
 * comparison sites) x 96 months (2010-04..2018-03) = 6,240 CSV drops with manifests, plus the site
 * register; 0.1% of the spells carry a fault (sex {@code X}) so the quarantine is written too. Then
 * runs the ingest job once on an empty lake: file checks and privacy gate on every byte, bronze,
 * typed checks of every contract rule (type, null, valid values, patterns, sql rules, duplicates
 * within the drop and across batches, known site), silver, quarantine, data-quality results,
 * reconciliation and the ingest log, all Delta.
 *
 * <p>Reports the ingest's wall time and rows per second (generation excluded), the driver's peak
 * heap in use (sampled every 20 ms) and the process's peak resident set (VmHWM: heap, Spark's
 * off-heap and the JIT), and the load average before and after (the machine may be shared).
 *
 * <pre>
 * cd /work/h-ing &amp;&amp; mvn -o -q -pl jobs -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/ingest-bench.cp -Dmdep.includeScope=test -Dspotless.check.skip=true
 * for n in 1000000 3000000 10000000; do
 *   java -Xmx6g -XX:+UseParallelGC --add-opens=java.base/sun.nio.ch=ALL-UNNAMED ... \
 *     -cp jobs/target/test-classes:jobs/target/classes:$(cat /tmp/ingest-bench.cp) \
 *     org.pioneereval.jobs.bench.IngestThroughputBenchmark $n /tmp/ingest-bench-$n
 * done
 * </pre>
 *
 * One JVM per size. Arguments: rows, work folder, master ({@code local[2]}), {@code checks} (the
 * ingest job, default) or {@code floor} (Spark's CSV reader into one Delta table, no checks), and
 * months (96; fewer months spread the same rows over fewer, larger drops).
 */
public final class IngestThroughputBenchmark {

  static final YearMonth FIRST = YearMonth.of(2010, 4);
  static final int MONTHS_DEFAULT = 96;
  static final int PIONEERS = 25;
  static final int COMPARISONS = 40;
  static final double FAULT_RATE = 0.001;
  static final List<String> METHODS = List.of("emergency", "elective", "other");
  static final List<String> AGE_BANDS = List.of("0-17", "18-44", "45-64", "65-74", "75-84", "85+");
  static final List<String> CHAPTERS = List.of("I", "II", "IX", "X", "XI", "XIX");

  private IngestThroughputBenchmark() {}

  /** CPU time used by this process so far (all threads), in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    Path work = Path.of(args.length > 1 ? args[1] : "/tmp/ingest-bench");
    String master = args.length > 2 ? args[2] : "local[2]";
    boolean floorOnly = args.length > 3 && args[3].equals("floor");
    // fewer months, same rows: fewer, larger drops (the per-file cost against the per-row cost)
    int months = args.length > 4 ? Integer.parseInt(args[4]) : MONTHS_DEFAULT;
    Path data = work.resolve("data");
    Path lakeFolder = work.resolve("lake");
    deleteRecursively(work);

    List<String> sites = new ArrayList<>();
    for (int p = 1; p <= PIONEERS; p++) {
      sites.add(String.format(Locale.ROOT, "P%02d", p));
    }
    for (int c = 1; c <= COMPARISONS; c++) {
      sites.add(String.format(Locale.ROOT, "C%02d", c));
    }
    long t0 = System.nanoTime();
    writeSiteRegister(data, sites);
    long[] written = writeAdmissions(data, sites, rows, months);
    double generateSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "generated %,d spells (%,d faulty) in %,d drops, %,.0f MB of CSV, in %.1f s%n",
        written[0],
        written[1],
        sites.size() * months,
        written[2] / 1e6,
        generateSeconds);

    String loadBefore = loadAverage();
    SparkSession spark = SparkSessions.forCommand("ingest-benchmark", master);
    spark.sparkContext().setLogLevel("WARN");
    if (floorOnly) {
      floor(spark, data, lakeFolder, written[0]);
      spark.stop();
      return;
    }
    PeakHeap heap = PeakHeap.start();
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    IngestResult result =
        IngestJob.create(Lakehouse.at(spark, lakeFolder), data, "bench")
            .withProgress(System.out)
            .execute();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
    heap.stop();
    String loadAfter = loadAverage();
    long admissionRows = result.rowsReceived() - sites.size();
    System.out.printf(
        Locale.ROOT,
        "ingest: %,d rows received (%,d accepted, %,d quarantined), %,d drops, in %.1f s ="
            + " %,.0f rows/s%n",
        result.rowsReceived(),
        result.rowsAccepted(),
        result.rowsQuarantined(),
        result.outcomes().size(),
        seconds,
        admissionRows / seconds);
    System.out.printf(
        Locale.ROOT,
        "cpu: %.1f s of process CPU time during the ingest (%.2f cores busy on average); less"
            + " sensitive than wall time to other work on a shared machine%n",
        cpuSeconds,
        cpuSeconds / seconds);
    System.out.printf(
        Locale.ROOT,
        "memory: peak heap in use %,.0f MB (max %,.0f MB), peak RSS %,.0f MB%n",
        heap.peakBytes() / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6,
        peakRssKb() / 1e3);
    System.out.printf(
        Locale.ROOT,
        "master %s, %d cores seen by the JVM; load average before %s, after %s%n",
        master,
        Runtime.getRuntime().availableProcessors(),
        loadBefore,
        loadAfter);
    System.out.printf(
        Locale.ROOT,
        "RESULT rows=%d seconds=%.1f cpu_s=%.1f rows_per_s=%.0f peak_heap_mb=%.0f peak_rss_mb=%.0f%n",
        admissionRows,
        seconds,
        cpuSeconds,
        admissionRows / seconds,
        heap.peakBytes() / 1e6,
        peakRssKb() / 1e3);
    spark.stop();
    if (written[1] != result.rowsQuarantined()
        || written[0] + sites.size() != result.rowsReceived()) {
      throw new IllegalStateException("the ingest did not account for the generated rows");
    }
  }

  /**
   * The floor this stack sets on the same files: Spark's CSV reader over every admissions drop
   * (strings, header) with the file name, appended to one Delta table in one job: no checks, no
   * typing, no second table. What the ingest job does beyond this is its own cost.
   */
  private static void floor(SparkSession spark, Path data, Path lakeFolder, long rows) {
    List<String> files = new ArrayList<>();
    try (var walk = Files.walk(data.resolve("drops/admissions"))) {
      walk.filter(f -> f.toString().endsWith(".csv")).forEach(f -> files.add(f.toUri().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
    for (String column : DataContract.load(Extract.ADMISSIONS).columnNames()) {
      schema = schema.add(column, org.apache.spark.sql.types.DataTypes.StringType);
    }
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    spark
        .read()
        .schema(schema)
        .option("header", "true")
        .csv(files.toArray(String[]::new))
        .withColumn("drop_file", org.apache.spark.sql.functions.col("_metadata.file_name"))
        .write()
        .format("delta")
        .save(lakeFolder.resolve("floor").toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "FLOOR csv -> one delta table, %,d files: %,d rows in %.1f s = %,.0f rows/s, cpu %.1f s,"
            + " load after %s%n",
        files.size(),
        rows,
        seconds,
        rows / seconds,
        (processCpuNanos() - cpuStart) / 1e9,
        loadAverage());
  }

  private static void writeSiteRegister(Path data, List<String> sites) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", DataContract.load(Extract.SITE_REGISTER).columnNames()));
    for (int i = 0; i < sites.size(); i++) {
      String site = sites.get(i);
      boolean pioneer = site.startsWith("P");
      boolean wave1 = pioneer && i < 14;
      lines.add(
          String.join(
              ",",
              site,
              (pioneer ? "Pioneer site " : "Comparison site ") + site,
              pioneer ? "pioneer" : "comparison",
              pioneer ? (wave1 ? "1" : "2") : "",
              pioneer ? (wave1 ? "2013-11-01" : "2015-04-01") : "",
              "London",
              Integer.toString(1 + i % 10)));
    }
    byte[] content = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    Path folder = data.resolve("drops/site_register/ALL/register");
    Files.createDirectories(folder);
    Files.write(folder.resolve("site_register_ALL_register.csv"), content);
    writeManifest(
        folder,
        "site_register",
        "ALL",
        "register",
        "site_register_ALL_register.csv",
        sites.size(),
        sha256(content));
  }

  /** Writes the admission drops in parallel; returns {spells, faulty spells, bytes}. */
  private static long[] writeAdmissions(Path data, List<String> sites, long rows, int months) {
    int drops = sites.size() * months;
    String header = String.join(",", DataContract.load(Extract.ADMISSIONS).columnNames());
    AtomicLong faulty = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    IntStream.range(0, drops)
        .parallel()
        .forEach(
            d -> {
              String site = sites.get(d / months);
              YearMonth month = FIRST.plusMonths(d % months);
              long count = rows / drops + (d < rows % drops ? 1 : 0);
              SplittableRandom random = new SplittableRandom(d * 7919L + 17);
              long[] out = writeDrop(data, header, site, month, count, random);
              faulty.addAndGet(out[0]);
              bytes.addAndGet(out[1]);
            });
    return new long[] {rows, faulty.get(), bytes.get()};
  }

  private static long[] writeDrop(
      Path data, String header, String site, YearMonth month, long count, SplittableRandom random) {
    Path folder = data.resolve("drops/admissions").resolve(site).resolve(month.toString());
    String file = "admissions_" + site + "_" + month + ".csv";
    long faulty = 0;
    try {
      Files.createDirectories(folder);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long size;
      try (OutputStream raw = Files.newOutputStream(folder.resolve(file));
          DigestOutputStream digest = new DigestOutputStream(raw, sha);
          BufferedWriter out =
              new BufferedWriter(new OutputStreamWriter(digest, StandardCharsets.UTF_8), 1 << 16)) {
        out.write(header);
        out.write('\n');
        String siteHex = (site.charAt(0) == 'P' ? "a" : "c") + site.substring(1);
        for (long i = 0; i < count; i++) {
          LocalDate admitted = month.atDay(1 + random.nextInt(month.lengthOfMonth()));
          int stay = random.nextInt(12);
          boolean fault = random.nextDouble() < FAULT_RATE;
          faulty += fault ? 1 : 0;
          int serial = (int) i;
          out.write(
              String.format(
                  Locale.ROOT,
                  "%s%04d%02d%011x,%s%013x,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s%n",
                  siteHex,
                  month.getYear(),
                  month.getMonthValue(),
                  serial,
                  siteHex,
                  random.nextInt(1 << 24),
                  site,
                  admitted,
                  admitted.plusDays(stay),
                  METHODS.get(random.nextInt(METHODS.size())),
                  AGE_BANDS.get(random.nextInt(AGE_BANDS.size())),
                  fault ? "X" : (random.nextBoolean() ? "F" : "M"),
                  random.nextInt(3) == 0 ? "true" : "false",
                  CHAPTERS.get(random.nextInt(CHAPTERS.size())),
                  stay,
                  month));
        }
      }
      size = Files.size(folder.resolve(file));
      writeManifest(
          folder,
          "admissions",
          site,
          month.toString(),
          file,
          count,
          HexFormat.of().formatHex(sha.digest()));
      return new long[] {faulty, size};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeManifest(
      Path folder, String extract, String site, String batch, String file, long rows, String sha)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("extract", extract);
    m.put("contractVersion", "1.0.0");
    m.put("site", site);
    m.put("batch", batch);
    m.put("file", file);
    m.put("rowCount", rows);
    m.put("sha256", sha);
    Files.write(folder.resolve("manifest.json"), new ObjectMapper().writeValueAsBytes(m));
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  /** Peak resident set of this process in kB (Linux VmHWM), or -1. */
  private static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The largest heap in use, sampled every 20 ms on a daemon thread. */
  static final class PeakHeap {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;

    static PeakHeap start() {
      PeakHeap heap = new PeakHeap();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      Thread sampler =
          new Thread(
              () -> {
                while (heap.running) {
                  heap.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "peak-heap");
      sampler.setDaemon(true);
      sampler.start();
      return heap;
    }

    void stop() {
      running = false;
    }

    long peakBytes() {
      return peak.get();
    }
  }
}
