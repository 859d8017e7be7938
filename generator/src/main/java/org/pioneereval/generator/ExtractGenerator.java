package org.pioneereval.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.pioneereval.generator.internal.DataGeneratingProcess;
import org.pioneereval.generator.internal.EnrolledPatient;
import org.pioneereval.generator.internal.Extracts;
import org.pioneereval.generator.internal.SiteDropsWriter;
import org.pioneereval.generator.internal.SiteModel;
import org.pioneereval.generator.internal.SiteTally;
import org.pioneereval.generator.internal.TruthCalculator;

/**
 * Writes a complete set of synthetic extract drops with known injected effects, and the truth file
 * that states those effects.
 *
 * <pre>{@code
 * GenerationSummary s = new ExtractGenerator(GeneratorConfig.defaults()).writeTo(root);
 * Truth truth = Truth.read(s.truthFile());
 * }</pre>
 *
 * <p>Layout (docs/EXTRACTS.md): {@code root/drops/<extract>/<site>/<batch>/<extract>_<site>_<batch>
 * .csv} plus a manifest.json per drop, and {@code root/truth.json}. The data-generating process is
 * described in {@link DataGeneratingProcess} and generator/README.md. The output is a function of
 * the {@link GeneratorConfig} alone: the same config gives byte-identical files whatever the
 * parallelism.
 */
public final class ExtractGenerator {
  private final GeneratorConfig config;
  private final int parallelism;

  /**
   * A generator for {@code config}; throws {@link GeneratorException} if it cannot be generated.
   */
  public ExtractGenerator(GeneratorConfig config) {
    this(config.validate(), Runtime.getRuntime().availableProcessors());
  }

  private ExtractGenerator(GeneratorConfig config, int parallelism) {
    this.config = config;
    this.parallelism = parallelism;
  }

  /** Number of threads writing sites (default: available processors); does not change output. */
  public ExtractGenerator withParallelism(int threads) {
    if (threads < 1) {
      throw GeneratorErrors.parallelismNotPositive(threads);
    }
    return new ExtractGenerator(config, threads);
  }

  public GeneratorConfig config() {
    return config;
  }

  /**
   * Writes all drops under {@code root/drops} and the truth to {@code root/truth.json}.
   *
   * @throws GeneratorException if {@code root/drops} already holds files
   * @throws UncheckedIOException if a file cannot be written
   */
  public GenerationSummary writeTo(Path root) {
    long started = System.nanoTime();
    Path drops = root.resolve(Extracts.DROPS_FOLDER);
    requireNoDrops(drops);
    DataGeneratingProcess dgp = DataGeneratingProcess.of(config);
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String extract : Extracts.ALL) {
      rows.put(extract, 0L);
    }
    long files = 0;
    List<EnrolledPatient> enrolled = new ArrayList<>();
    try {
      files += addTally(new SiteDropsWriter(dgp, root).writeSiteRegister(), rows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the site register under " + drops, e);
    }
    for (SiteTally tally : writeSites(dgp, root)) {
      files += addTally(tally, rows);
      enrolled.addAll(tally.enrolled());
    }
    Path truthFile = root.resolve(Extracts.TRUTH_FILE);
    TruthCalculator.compute(dgp, enrolled).write(truthFile);
    files++;
    return new GenerationSummary(
        root,
        files,
        Collections.unmodifiableMap(rows),
        truthFile,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private List<SiteTally> writeSites(DataGeneratingProcess dgp, Path root) {
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallelism,
            task -> {
              Thread t = new Thread(task, "extract-generator-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<SiteTally>> futures = new ArrayList<>();
      for (SiteModel site : dgp.sites()) {
        futures.add(pool.submit(() -> new SiteDropsWriter(dgp, root).write(site)));
      }
      List<SiteTally> tallies = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          tallies.add(futures.get(i).get());
        } catch (ExecutionException e) {
          futures.forEach(f -> f.cancel(true));
          String site = dgp.sites().get(i).code();
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw new UncheckedIOException("Cannot write the drops of site " + site, io);
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException("Writing site " + site + " failed", cause);
        } catch (InterruptedException e) {
          futures.forEach(f -> f.cancel(true));
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while writing drops", e);
        }
      }
      return tallies;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long addTally(SiteTally tally, Map<String, Long> rows) {
    tally.rowsByExtract().forEach((extract, n) -> rows.merge(extract, n, Long::sum));
    return tally.files();
  }

  private static void requireNoDrops(Path drops) {
    if (!Files.isDirectory(drops)) {
      return;
    }
    try (Stream<Path> entries = Files.list(drops)) {
      if (entries.findAny().isPresent()) {
        throw GeneratorErrors.outputNotEmpty(drops);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + drops, e);
    }
  }
}
