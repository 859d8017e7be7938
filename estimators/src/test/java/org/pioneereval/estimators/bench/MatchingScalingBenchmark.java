package org.pioneereval.estimators.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pioneereval.estimators.matching.BalanceTable;
import org.pioneereval.estimators.matching.Caliper;
import org.pioneereval.estimators.matching.Covariates;
import org.pioneereval.estimators.matching.InMemoryCrossProducts;
import org.pioneereval.estimators.matching.LogisticRegression;
import org.pioneereval.estimators.matching.LogitFit;
import org.pioneereval.estimators.matching.MatchedSample;
import org.pioneereval.estimators.matching.MatchingDistance;
import org.pioneereval.estimators.matching.NearestNeighbourMatching;

/**
 * Scaling benchmark (not a unit test) of the patient-level comparison-group step: a propensity
 * logit with an intercept and 6 covariates fitted by IRLS on {@link InMemoryCrossProducts}, then
 * 1:4 nearest-neighbour matching on the logit PS with a caliper of 0.2 SD, without and with
 * replacement (and, for scale, without replacement inside 10 exact strata), and the balance table
 * of the matched sample.
 *
 * <p>Data: {@code n1} treated and {@code n0} candidate controls; covariates age (uniform 18-95,
 * older among the treated), female (Bernoulli), deprivation decile (1-10), prior emergency
 * admissions (Poisson-like count, higher among the treated), risk score (normal, shifted) and a
 * long-term-condition flag. Strata = female x 5 age bands.
 *
 * <p>After a JIT warm-up on 2,000 vs 20,000 units, per phase it reports wall time, the CPU time of
 * the whole process (robust to other load on the machine) and two heap peaks measured from the
 * start of the phase (after a GC): the largest heap in use after any collection (live set; lower
 * bound of the -Xmx needed, input arrays included) and the largest heap in use sampled every 10 ms
 * (live plus garbage).
 *
 * <pre>
 * cd /work/main && mvn -B -q -o -pl estimators test-compile
 * for s in "10000 100000" "100000 1000000"; do
 *   java -Xmx4g -cp estimators/target/classes:estimators/target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
 *     org.pioneereval.estimators.bench.MatchingScalingBenchmark $s 20260101
 * done
 * </pre>
 */
public final class MatchingScalingBenchmark {
  private static final String[] NAMES = {
    "(Intercept)",
    "age",
    "female",
    "deprivation",
    "priorEmergency",
    "riskScore",
    "longTermCondition"
  };

  private MatchingScalingBenchmark() {}

  private static boolean quiet;

  public static void main(String[] args) {
    int n1 = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int n0 = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20260101L;
    StaggeredScalingBenchmark.HeapWatch heap = StaggeredScalingBenchmark.HeapWatch.start();
    // JIT warm-up on a small problem (not reported), so the figures are steady-state
    quiet = true;
    run(2_000, 20_000, seed + 1, heap);
    quiet = false;
    run(n1, n0, seed, heap);
    heap.stop();
  }

  private static void run(int n1, int n0, long seed, StaggeredScalingBenchmark.HeapWatch heap) {

    long t0 = System.nanoTime();
    int n = n1 + n0;
    double[][] rows = new double[n][];
    boolean[] treated = new boolean[n];
    int[] strata = new int[n];
    simulate(rows, treated, strata, n1, new SplittableRandom(seed));
    long t1 = System.nanoTime();
    if (!quiet) {
      System.out.printf(
          Locale.ROOT,
          "%d treated vs %d candidates, %d covariates + intercept, %d cores, -Xmx %d MB;"
              + " simulate %.1f s (not counted)%n",
          n1,
          n0,
          NAMES.length - 1,
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20,
          (t1 - t0) / 1e9);
    }

    start(heap);
    long a = System.nanoTime();
    LogitFit fit =
        LogisticRegression.builder()
            .coefficientNames(NAMES)
            .build()
            .fit(InMemoryCrossProducts.of(rows, treated));
    double[] ps = fit.propensityScores(rows);
    long b = System.nanoTime();
    report("logit IRLS (" + fit.iterations() + " passes) + PS", a, b, heap);

    NearestNeighbourMatching without =
        NearestNeighbourMatching.builder()
            .ratio(4)
            .distance(MatchingDistance.LOGIT_PROPENSITY_SCORE)
            .caliper(Caliper.standardDeviations(0.2))
            .build();
    start(heap);
    a = System.nanoTime();
    MatchedSample m1 = without.match(ps, treated);
    b = System.nanoTime();
    report("1:4 NN, caliper 0.2 SD logit, without replacement", a, b, heap);
    describe(m1);

    start(heap);
    a = System.nanoTime();
    MatchedSample m2 =
        NearestNeighbourMatching.builder()
            .ratio(4)
            .distance(MatchingDistance.LOGIT_PROPENSITY_SCORE)
            .caliper(Caliper.standardDeviations(0.2))
            .withReplacement()
            .build()
            .match(ps, treated);
    b = System.nanoTime();
    report("1:4 NN, caliper 0.2 SD logit, with replacement", a, b, heap);
    describe(m2);

    start(heap);
    a = System.nanoTime();
    MatchedSample m3 = without.match(ps, treated, strata);
    b = System.nanoTime();
    report("1:4 NN, caliper, without replacement, 10 exact strata", a, b, heap);
    describe(m3);

    Covariates covariates = covariates(rows, ps);
    start(heap);
    a = System.nanoTime();
    BalanceTable table = BalanceTable.of(covariates, treated, m1);
    b = System.nanoTime();
    report("balance table (7 rows, before/after)", a, b, heap);
    if (quiet) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "  max |SMD| before %.3f, after %.3f (without replacement)%n",
        table.before().stream()
            .mapToDouble(r -> Math.abs(r.standardizedMeanDifference()))
            .max()
            .orElse(Double.NaN),
        table.after().stream()
            .mapToDouble(r -> Math.abs(r.standardizedMeanDifference()))
            .max()
            .orElse(Double.NaN));
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static long cpuAtStart;

  private static void start(StaggeredScalingBenchmark.HeapWatch heap) {
    heap.reset();
    cpuAtStart = OS.getProcessCpuTime();
  }

  private static void report(
      String what, long a, long b, StaggeredScalingBenchmark.HeapWatch heap) {
    long cpu = OS.getProcessCpuTime() - cpuAtStart;
    if (quiet) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "  %-55s wall %7.3f s, process CPU %7.3f s | peak live heap %5d MB | peak used heap"
            + " (sampled) %5d MB%n",
        what,
        (b - a) / 1e9,
        cpu / 1e9,
        heap.peakAfterGc() >> 20,
        heap.peakSampled() >> 20);
  }

  private static void describe(MatchedSample m) {
    if (quiet) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "    matched treated %d (unmatched %d), distinct controls %d, pairs %d, caliper %.4f%n",
        m.matchedTreatedCount(),
        m.unmatchedTreatedCount(),
        m.matchedControlCount(),
        m.pairCount(),
        m.caliperWidth());
  }

  private static Covariates covariates(double[][] rows, double[] ps) {
    Covariates.Builder b = Covariates.builder().add("distance", ps);
    for (int j = 1; j < NAMES.length; j++) {
      double[] col = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        col[i] = rows[i][j];
      }
      b.add(NAMES[j], col);
    }
    return b.build();
  }

  private static void simulate(
      double[][] rows, boolean[] treated, int[] strata, int n1, SplittableRandom r) {
    for (int i = 0; i < rows.length; i++) {
      boolean t = i % (rows.length / n1) == 0 && i / (rows.length / n1) < n1;
      treated[i] = t;
      double age = t ? 40 + 55 * Math.sqrt(r.nextDouble()) : 18 + 77 * r.nextDouble();
      double female = r.nextDouble() < (t ? 0.55 : 0.5) ? 1 : 0;
      double deprivation = 1 + r.nextInt(10);
      double prior = poisson(t ? 1.2 : 0.5, r);
      double risk = gaussian(r) + (t ? 0.4 : 0.0) + 0.01 * (age - 50);
      double ltc = r.nextDouble() < (t ? 0.6 : 0.35) ? 1 : 0;
      rows[i] = new double[] {1.0, age, female, deprivation, prior, risk, ltc};
      int band = Math.min(4, (int) ((age - 18) / 16));
      strata[i] = (int) female * 5 + band;
    }
  }

  private static double poisson(double mean, SplittableRandom r) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = r.nextDouble();
    while (p > l) {
      k++;
      p *= r.nextDouble();
    }
    return k;
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
