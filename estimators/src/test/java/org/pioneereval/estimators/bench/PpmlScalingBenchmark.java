package org.pioneereval.estimators.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.pioneereval.estimators.glm.GlmVariance;
import org.pioneereval.estimators.glm.PoissonData;
import org.pioneereval.estimators.glm.PoissonRegression;
import org.pioneereval.estimators.glm.PoissonResult;
import org.pioneereval.estimators.glm.RateRatio;

/**
 * Scaling benchmark (not a unit test) of Poisson PPML with site and month fixed effects and a DiD
 * treatment dummy: n rows (e.g. patient-months with an admission count), each at a random one of
 * {@code sites} sites and one of 60 months; the first 30% of the sites are treated from month 36;
 * {@code y ~ Poisson(exp(a_site + g_month + log(0.9) D))} with site effects {@code a ~ N(-1.5,
 * 0.5^2)} and a seasonal month trend, so the true rate ratio is 0.9 and most outcomes are 0.
 *
 * <p>Per size it reports the wall time (and the CPU time of the fitting thread, which is what a
 * loaded machine distorts least) of building {@link PoissonData} (validation and copies) and of the
 * fit (IRLS with the two fixed-effect dimensions absorbed, SEs clustered by site and
 * heteroskedasticity-robust), and the heap: the largest heap in use after any collection (live set,
 * a lower bound of the -Xmx needed, including the generated input arrays) and the largest heap in
 * use sampled every 10 ms.
 *
 * <p>Run one JVM per size:
 *
 * <pre>
 * cd /work/main && mvn -B -q -o -pl estimators test-compile
 * for n in 1000000 5000000; do
 *   java -Xmx4g -cp estimators/target/classes:estimators/target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
 *     org.pioneereval.estimators.bench.PpmlScalingBenchmark $n 300 20260101
 * done
 * </pre>
 */
public final class PpmlScalingBenchmark {
  static final int MONTHS = 60;
  static final int FIRST_TREATED_MONTH = 36;
  static final double RATE_RATIO = 0.9;

  private PpmlScalingBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int sites = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20260101L;
    StaggeredScalingBenchmark.HeapWatch heap = StaggeredScalingBenchmark.HeapWatch.start();

    long t0 = System.nanoTime();
    Rows rows = simulate(n, sites, new SplittableRandom(seed));
    long t1 = System.nanoTime();
    heap.reset();

    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long tBuild0 = System.nanoTime();
    PoissonData data =
        PoissonData.builder()
            .outcome(rows.y)
            .treatment(rows.d)
            .fixedEffect("site", rows.site)
            .fixedEffect("month", rows.month)
            .build();
    long tBuild1 = System.nanoTime();
    GlmVariance bySite = GlmVariance.clustered("site");
    PoissonResult fit =
        PoissonRegression.withVariances(bySite, GlmVariance.heteroskedastic()).fit(data);
    long tFit = System.nanoTime();
    long cpu1 = threads.getCurrentThreadCpuTime();
    heap.stop();

    RateRatio rr = fit.treatmentRateRatio();
    System.out.printf(
        Locale.ROOT,
        "n=%d rows, %d sites x %d months, %d cores, -Xmx %d MB%n"
            + "  simulate %.1f s (not counted)%n"
            + "  build PoissonData %.2f s | PPML fit (%d IRLS iterations, 2 SE types) %.2f s |"
            + " total %.2f s (CPU time of the fitting thread %.2f s)%n"
            + "  peak live heap (max used after GC) %d MB | peak used heap (sampled) %d MB |"
            + " input arrays %d MB | GCs %d (%.1f s)%n"
            + "  rate ratio %.4f [%.4f, %.4f] (truth %.2f) | SE by site %.5f, hetero %.5f |"
            + " dropped rows %d%n",
        n,
        sites,
        MONTHS,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        (t1 - t0) / 1e9,
        (tBuild1 - tBuild0) / 1e9,
        fit.iterations(),
        (tFit - tBuild1) / 1e9,
        (tFit - tBuild0) / 1e9,
        (cpu1 - cpu0) / 1e9,
        heap.peakAfterGc() >> 20,
        heap.peakSampled() >> 20,
        ((long) n * (8 + 8 + 4 + 4)) >> 20,
        heap.gcCount(),
        heap.gcMillis() / 1e3,
        rr.estimate(),
        rr.lower(),
        rr.upper(),
        RATE_RATIO,
        fit.standardError(PoissonData.TREATMENT, bySite),
        fit.standardError(PoissonData.TREATMENT, GlmVariance.heteroskedastic()),
        fit.observationsDropped());
  }

  record Rows(double[] y, double[] d, int[] site, int[] month) {}

  static Rows simulate(int n, int sites, SplittableRandom r) {
    double[] siteEffect = new double[sites];
    for (int s = 0; s < sites; s++) {
      siteEffect[s] = -1.5 + 0.5 * gaussian(r);
    }
    double[] y = new double[n];
    double[] d = new double[n];
    int[] site = new int[n];
    int[] month = new int[n];
    int treatedSites = (int) (0.3 * sites);
    for (int i = 0; i < n; i++) {
      // the first rows cover every site and month so that the ids are dense
      int s = i < sites ? i : r.nextInt(sites);
      int t = i < MONTHS ? i : r.nextInt(MONTHS);
      site[i] = s;
      month[i] = t;
      d[i] = s < treatedSites && t >= FIRST_TREATED_MONTH ? 1.0 : 0.0;
      double mean =
          Math.exp(
              siteEffect[s]
                  + 0.005 * t
                  + 0.1 * Math.sin(2 * Math.PI * t / 12.0)
                  + Math.log(RATE_RATIO) * d[i]);
      y[i] = poisson(mean, r);
    }
    return new Rows(y, d, site, month);
  }

  /** Inversion sampling; fine for the small means simulated here. */
  private static int poisson(double mean, SplittableRandom r) {
    double p = Math.exp(-mean);
    double cdf = p;
    double u = r.nextDouble();
    int k = 0;
    while (u > cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
