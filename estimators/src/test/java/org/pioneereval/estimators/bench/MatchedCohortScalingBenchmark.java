package org.pioneereval.estimators.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pioneereval.estimators.matching.CohortCell;
import org.pioneereval.estimators.matching.CohortCellSums;
import org.pioneereval.estimators.matching.CohortEffect;
import org.pioneereval.estimators.matching.MatchedCohortDid;

/**
 * Scaling benchmark (not a unit test) of {@link MatchedCohortDid}: n patients, generated on the fly
 * and never stored (as a Spark partition streams them), spread over G sites (a quarter treated),
 * reduced into one {@link CohortCellSums} per (site, group) and then estimated (difference CR1 and
 * HC1, Poisson rate ratio). Reports the wall time of the reduction and of the estimation, and the
 * heap in use after a full collection once the cells are built (the live set; it should not grow
 * with n).
 *
 * <pre>
 * cd /work/h-cdid && mvn -B -q -o -pl estimators test-compile
 * for n in 1000000 10000000 100000000; do
 *   java -Xmx256m -cp estimators/target/classes:estimators/target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
 *     org.pioneereval.estimators.bench.MatchedCohortScalingBenchmark $n 200 20260101
 * done
 * </pre>
 */
public final class MatchedCohortScalingBenchmark {
  private MatchedCohortScalingBenchmark() {}

  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int g = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20260101L;
    SplittableRandom r = new SplittableRandom(seed);
    CohortCellSums[] treated = new CohortCellSums[g];
    CohortCellSums[] control = new CohortCellSums[g];
    for (int c = 0; c < g; c++) {
      treated[c] = CohortCellSums.empty();
      control[c] = CohortCellSums.empty();
    }
    double[] controlWeights = {0.0, 0.5, 1.0, 1.5};
    long t0 = System.nanoTime();
    for (long i = 0; i < n; i++) {
      int c = r.nextInt(g);
      boolean isTreated = c < g / 4;
      double w = isTreated ? (r.nextDouble() < 0.9 ? 1.0 : 0.0) : controlWeights[r.nextInt(4)];
      double rate = Math.exp(-0.9 + 0.9 * r.nextDouble());
      double pre = poisson(r, rate);
      double post = poisson(r, rate * (isTreated ? 0.8 : 1.0));
      (isTreated ? treated : control)[c].add(w, pre, post);
    }
    long t1 = System.nanoTime();
    List<CohortCell> cells = new ArrayList<>(2 * g);
    for (int c = 0; c < g; c++) {
      cells.add(CohortCell.treated("site-" + c, treated[c]));
      cells.add(CohortCell.control("site-" + c, control[c]));
    }
    MatchedCohortDid did = MatchedCohortDid.of(cells);
    CohortEffect diff = did.difference();
    CohortEffect hc1 = did.differenceRobust();
    CohortEffect ratio = did.rateRatio();
    long t2 = System.nanoTime();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long live = memory.getHeapMemoryUsage().getUsed();
    System.out.printf(
        Locale.ROOT,
        "n=%d G=%d reduce=%.3fs (%.1f M patients/s) estimate=%.2fms liveHeapAfterGc=%.1fMB%n"
            + "  difference %.5f (CR1 se %.5f, HC1 se %.5f), rate ratio %.5f (log se %.5f)%n",
        n,
        g,
        (t1 - t0) / 1e9,
        n / ((t1 - t0) / 1e9) / 1e6,
        (t2 - t1) / 1e6,
        live / 1e6,
        diff.estimate(),
        diff.standardError(),
        hc1.standardError(),
        ratio.estimate(),
        ratio.standardError());
  }

  private static double poisson(SplittableRandom r, double mean) {
    double limit = Math.exp(-mean);
    double p = r.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= r.nextDouble();
      k++;
    }
    return k;
  }
}
