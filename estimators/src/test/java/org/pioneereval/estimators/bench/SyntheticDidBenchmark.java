package org.pioneereval.estimators.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pioneereval.estimators.synth.PlaceboDraws;
import org.pioneereval.estimators.synth.SynthEstimate;
import org.pioneereval.estimators.synth.SynthMethod;
import org.pioneereval.estimators.synth.SynthPanel;
import org.pioneereval.estimators.synth.SynthResult;
import org.pioneereval.estimators.synth.SyntheticDid;

/**
 * Benchmark (not a unit test) of synthetic DiD at site level: one treated block of 5 sites among
 * {@code n} control sites, 96 months (72 before go-live, 24 after), outcome = site level + seasonal
 * month effect + two site-specific factor trends + noise, true effect -2 per month in the block.
 *
 * <p>Reports the wall time of the SDID point estimate (noise level, time and unit weights with up
 * to 100 + 10,000 Frank-Wolfe iterations each) and of the placebo SE with R replications, the
 * solver iterations, and the heap (as in {@link StaggeredScalingBenchmark}). Single-threaded; the
 * thread's CPU time is printed beside the wall time because shared machines inflate the latter. Run
 * one JVM per size:
 *
 * <pre>
 * cd /work/main && mvn -B -q -o -pl estimators test-compile
 * for n in 200 2000; do
 *   java -Xmx2g -cp estimators/target/classes:estimators/target/test-classes \
 *     org.pioneereval.estimators.bench.SyntheticDidBenchmark $n 200 20260101
 * done
 * </pre>
 */
public final class SyntheticDidBenchmark {
  static final int MONTHS = 96;
  static final int GO_LIVE = 73;
  static final int TREATED = 5;
  static final double EFFECT = -2.0;

  private SyntheticDidBenchmark() {}

  public static void main(String[] args) {
    int controls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int replications = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20260101L;
    StaggeredScalingBenchmark.HeapWatch heap = StaggeredScalingBenchmark.HeapWatch.start();
    SynthPanel panel = simulate(controls, new SplittableRandom(seed));
    heap.reset();

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    SyntheticDid sdid = SyntheticDid.withMethod(SynthMethod.SDID);
    SynthEstimate fit = sdid.estimate(panel);
    long t1 = System.nanoTime();
    long c1 = threads.getCurrentThreadCpuTime();
    SynthResult result = SyntheticDid.placebo(panel, fit, PlaceboDraws.seeded(replications, seed));
    long t2 = System.nanoTime();
    long c2 = threads.getCurrentThreadCpuTime();
    double did = SyntheticDid.withMethod(SynthMethod.DID).estimate(panel).estimate();
    heap.stop();

    System.out.printf(
        Locale.ROOT,
        "SDID: %d treated + %d control sites x %d months (T0 = %d), R = %d, %d cores, -Xmx %d MB%n"
            + "  estimate %.3f s (CPU %.3f s) | placebo SE (%d replications) %.2f s (CPU %.2f s,"
            + " %.1f ms each)%n"
            + "  Frank-Wolfe iterations: omega %d + %d, lambda %d + %d | effective N0 %.1f,"
            + " effective T0 %.1f%n"
            + "  peak live heap (max used after GC) %d MB | peak used heap (sampled) %d MB | GCs %d%n"
            + "  SDID %.4f (placebo SE %.4f, 95%% CI %.3f..%.3f) | DID %.4f | truth %.1f%n",
        TREATED,
        controls,
        MONTHS,
        GO_LIVE - 1,
        replications,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        (t1 - t0) / 1e9,
        (c1 - c0) / 1e9,
        replications,
        (t2 - t1) / 1e9,
        (c2 - c1) / 1e9,
        (c2 - c1) / 1e6 / replications,
        fit.unitWeightTrace().firstRoundIterations(),
        fit.unitWeightTrace().secondRoundIterations(),
        fit.timeWeightTrace().firstRoundIterations(),
        fit.timeWeightTrace().secondRoundIterations(),
        fit.effectiveControlUnits(),
        fit.effectivePrePeriods(),
        heap.peakAfterGc() >> 20,
        heap.peakSampled() >> 20,
        heap.gcCount(),
        result.estimate(),
        result.standardError(),
        result.confidenceInterval().lower(),
        result.confidenceInterval().upper(),
        did,
        EFFECT);
  }

  /**
   * Rates per 1,000 per month: level 8 +- 1, a seasonal month effect, loadings on a slow trend and
   * on a cycle (the treated block loads more on the trend than the average control), noise sd 0.3.
   */
  static SynthPanel simulate(int controls, SplittableRandom r) {
    int n = controls + TREATED;
    double[][] y = new double[n][MONTHS];
    List<String> units = new ArrayList<>();
    List<String> treated = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean isTreated = i >= controls;
      String label = String.format(Locale.ROOT, "%s%05d", isTreated ? "pilot" : "site", i);
      units.add(label);
      if (isTreated) {
        treated.add(label);
      }
      double level = 7.0 + 2.0 * r.nextDouble();
      double trend = isTreated ? 1.5 + 0.2 * r.nextDouble() : 2.0 * r.nextDouble();
      double cycle = r.nextDouble();
      for (int t = 0; t < MONTHS; t++) {
        double season = 0.4 * Math.cos(2 * Math.PI * t / 12.0);
        double noise = 0.3 * (r.nextDouble() + r.nextDouble() - 1.0) * Math.sqrt(6.0);
        double effect = isTreated && t + 1 >= GO_LIVE ? EFFECT : 0.0;
        y[i][t] =
            level
                + season
                + trend * t / 48.0
                + cycle * Math.sin(2 * Math.PI * t / 30.0)
                + effect
                + noise;
      }
    }
    int[] months = new int[MONTHS];
    for (int t = 0; t < MONTHS; t++) {
      months[t] = t + 1;
    }
    return SynthPanel.builder()
        .units(units)
        .periods(months)
        .outcomes(y)
        .treatedUnits(treated)
        .firstTreatedPeriod(GO_LIVE)
        .build();
  }
}
