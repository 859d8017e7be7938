package org.pioneereval.estimators.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.pioneereval.estimators.AggregatedEffects;
import org.pioneereval.estimators.Aggregation;
import org.pioneereval.estimators.CallawaySantAnna;
import org.pioneereval.estimators.CallawaySantAnnaParameters;
import org.pioneereval.estimators.EstimationMethod;
import org.pioneereval.estimators.GroupTimeEffects;
import org.pioneereval.estimators.MultiplierBootstrap;
import org.pioneereval.estimators.StaggeredPanel;
import org.pioneereval.estimators.UniformBands;

/**
 * Scaling benchmark (not a unit test) of Callaway and Sant'Anna ATT(g,t) with doubly robust
 * covariates and the multiplier bootstrap: n units x 20 periods, four cohorts (first treated in
 * periods 6, 9, 12, 15; 60% of units, more likely with a high x1) and 40% never treated, two
 * time-invariant covariates (x1 ~ N(0,1), x2 ~ Bernoulli(0.5)) that shift the outcome's trend, so
 * that the unconditional comparison is biased and the doubly robust one is not; effect 1 + 0.1 e in
 * event time e >= 0.
 *
 * <p>Per size it reports wall times of building the {@link StaggeredPanel}, fitting the 76
 * group-time cells (doubly robust: logit propensity score and outcome regression per cell), the
 * simple aggregation and {@code B} multiplier-bootstrap draws over all cells; and the heap: the
 * largest heap in use after any collection (the live set, a lower bound of the -Xmx needed,
 * including the generated input arrays) and the largest heap in use sampled every 10 ms (live plus
 * garbage not yet collected).
 *
 * <p>Run one JVM per size so that sizes do not share heap history:
 *
 * <pre>
 * cd /work/main && mvn -B -q -o -pl estimators test-compile
 * for n in 100000 300000 1000000; do
 *   java -Xmx12g -cp estimators/target/classes:estimators/target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
 *     org.pioneereval.estimators.bench.StaggeredScalingBenchmark $n 999 20260101
 * done
 * </pre>
 */
public final class StaggeredScalingBenchmark {
  static final int PERIODS = 20;
  static final int[] COHORTS = {6, 9, 12, 15};

  private StaggeredScalingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int draws = args.length > 1 ? Integer.parseInt(args[1]) : 999;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20260101L;
    HeapWatch heap = HeapWatch.start();

    long t0 = System.nanoTime();
    Data data = simulate(n, new SplittableRandom(seed));
    long t1 = System.nanoTime();
    heap.reset();

    long tBuild0 = System.nanoTime();
    StaggeredPanel panel =
        StaggeredPanel.builder()
            .periods(labels())
            .outcomes(data.y)
            .firstTreated(data.g)
            .covariate("x1", data.x1)
            .covariate("x2", data.x2)
            .build();
    long tBuild1 = System.nanoTime();
    GroupTimeEffects gt =
        CallawaySantAnna.withParameters(
                CallawaySantAnnaParameters.builder()
                    .method(EstimationMethod.DOUBLY_ROBUST)
                    .covariate("x1")
                    .covariate("x2")
                    .build())
            .fit(panel);
    long tFit = System.nanoTime();
    AggregatedEffects simple = gt.aggregate(Aggregation.SIMPLE);
    long tAgg = System.nanoTime();
    UniformBands bands = MultiplierBootstrap.of(draws, seed, 0.95).bands(gt);
    long tBoot = System.nanoTime();
    heap.stop();

    double truth = simpleTruth();
    System.out.printf(
        Locale.ROOT,
        "n=%d units x %d periods (%d cells, %d exclusions), B=%d, %d cores, -Xmx %d MB%n"
            + "  simulate %.1f s (not counted)%n"
            + "  build panel %.2f s | DR ATT(g,t) fit %.2f s | simple aggregation %.2f s |"
            + " multiplier bootstrap %.2f s | total %.2f s%n"
            + "  peak live heap (max used after GC) %d MB | peak used heap (sampled) %d MB |"
            + " input arrays %d MB | GCs %d (%.1f s)%n"
            + "  simple ATT %.4f (SE %.4f, truth %.4f) | sup-t critical value %.3f%n",
        n,
        PERIODS,
        gt.effects().size(),
        gt.exclusions().size(),
        draws,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        (t1 - t0) / 1e9,
        (tBuild1 - tBuild0) / 1e9,
        (tFit - tBuild1) / 1e9,
        (tAgg - tFit) / 1e9,
        (tBoot - tAgg) / 1e9,
        (tBoot - tBuild0) / 1e9,
        heap.peakAfterGc() >> 20,
        heap.peakSampled() >> 20,
        ((long) n * PERIODS * 8 + (long) n * 20) >> 20,
        heap.gcCount(),
        heap.gcMillis() / 1e3,
        simple.overallAtt(),
        simple.overallStandardError(),
        truth,
        bands.criticalValue());
  }

  static int[] labels() {
    int[] p = new int[PERIODS];
    for (int t = 0; t < PERIODS; t++) {
      p[t] = t + 1;
    }
    return p;
  }

  static double effect(int eventTime) {
    return 1.0 + 0.1 * eventTime;
  }

  /** did's simple aggregation of the true effects (cohort shares equal in expectation). */
  static double simpleTruth() {
    double s = 0;
    int cells = 0;
    for (int g : COHORTS) {
      for (int t = g; t <= PERIODS; t++) {
        s += effect(t - g);
        cells++;
      }
    }
    return s / cells;
  }

  record Data(double[][] y, int[] g, double[] x1, double[] x2) {}

  static Data simulate(int n, SplittableRandom r) {
    double[][] y = new double[n][PERIODS];
    int[] g = new int[n];
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    for (int u = 0; u < n; u++) {
      x1[u] = gaussian(r);
      x2[u] = r.nextDouble() < 0.5 ? 1.0 : 0.0;
      double pTreated = 1.0 / (1.0 + Math.exp(-(0.4 + 0.8 * x1[u])));
      g[u] = r.nextDouble() < pTreated ? COHORTS[r.nextInt(COHORTS.length)] : 0;
      double unit = gaussian(r);
      for (int t = 1; t <= PERIODS; t++) {
        double trend = 0.1 * t + 0.05 * t * x1[u] + 0.03 * t * x2[u];
        double tau = g[u] != 0 && t >= g[u] ? effect(t - g[u]) : 0.0;
        y[u][t - 1] = unit + trend + tau + 0.5 * gaussian(r);
      }
    }
    return new Data(y, g, x1, x2);
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** Peak heap: max used after GC (from GC notifications) and max used sampled every 10 ms. */
  static final class HeapWatch {
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong peakSampled = new AtomicLong();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private volatile boolean running = true;
    private long gcCount0;
    private long gcMillis0;
    private Thread sampler;

    static HeapWatch start() {
      HeapWatch w = new HeapWatch();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc)
            .addNotificationListener(
                (notification, handback) -> {
                  if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                      notification.getType())) {
                    return;
                  }
                  GarbageCollectionNotificationInfo info =
                      GarbageCollectionNotificationInfo.from(
                          (CompositeData) notification.getUserData());
                  long used = 0;
                  for (Map.Entry<String, MemoryUsage> e :
                      info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (isHeapPool(e.getKey())) {
                      used += e.getValue().getUsed();
                    }
                  }
                  w.peakAfterGc.accumulateAndGet(used, Math::max);
                },
                null,
                null);
      }
      w.sampler =
          new Thread(
              () -> {
                while (w.running) {
                  w.peakSampled.accumulateAndGet(
                      w.memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      w.sampler.setDaemon(true);
      w.sampler.start();
      return w;
    }

    private static boolean isHeapPool(String name) {
      List<String> heap = new ArrayList<>();
      ManagementFactory.getMemoryPoolMXBeans()
          .forEach(
              p -> {
                if (p.getType() == java.lang.management.MemoryType.HEAP) {
                  heap.add(p.getName());
                }
              });
      return heap.contains(name);
    }

    /** Starts the measured section: peaks and GC counters from now on. */
    void reset() {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      peakAfterGc.set(used);
      peakSampled.set(used);
      gcCount0 = gcCount();
      gcMillis0 = gcMillisTotal();
    }

    void stop() {
      running = false;
      peakSampled.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    }

    long peakAfterGc() {
      return peakAfterGc.get();
    }

    long peakSampled() {
      return peakSampled.get();
    }

    long gcCount() {
      long c = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        c += Math.max(0, gc.getCollectionCount());
      }
      return c - gcCount0;
    }

    private static long gcMillisTotal() {
      long c = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        c += Math.max(0, gc.getCollectionTime());
      }
      return c;
    }

    long gcMillis() {
      return gcMillisTotal() - gcMillis0;
    }
  }
}
