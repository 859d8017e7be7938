package org.pioneereval.estimators.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.pioneereval.estimators.AggregatedEffects;
import org.pioneereval.estimators.Aggregation;
import org.pioneereval.estimators.CallawaySantAnna;
import org.pioneereval.estimators.CallawaySantAnnaParameters;
import org.pioneereval.estimators.EstimationMethod;
import org.pioneereval.estimators.GroupTimeEffects;
import org.pioneereval.estimators.MultiplierBootstrap;
import org.pioneereval.estimators.StaggeredObservations;
import org.pioneereval.estimators.UniformBands;

/**
 * Scaling benchmark (not a unit test) of Callaway and Sant'Anna on repeated cross-sections, the
 * patient survey's shape: n respondents spread over 10 waves and 200 sites; sites adopt in wave 4,
 * 6 or 8 (half of them) or never; two respondent covariates (age-like x1 drifting with the wave,
 * binary x2), a survey weight, site-by-wave shocks; effect 0.3 after adoption.
 *
 * <p>Per size it reports wall times of building the {@link StaggeredObservations}, fitting the 27
 * group-time cells with doubly robust covariates (DRDID {@code drdid_rc}: logit plus four outcome
 * regressions per cell), the dynamic aggregation and {@code B} draws of the multiplier bootstrap
 * clustered by site, with the heap as {@link StaggeredScalingBenchmark} measures it.
 *
 * <pre>
 * cd /work/h-cs && mvn -q -o -pl estimators test-compile
 * for n in 100000 300000 1000000; do
 *   java -Xmx12g -cp estimators/target/classes:estimators/target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
 *     org.pioneereval.estimators.bench.RepeatedCrossSectionScalingBenchmark $n 999 7
 * done
 * </pre>
 */
public final class RepeatedCrossSectionScalingBenchmark {
  static final int WAVES = 10;
  static final int SITES = 200;

  private RepeatedCrossSectionScalingBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int draws = args.length > 1 ? Integer.parseInt(args[1]) : 999;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 7L;
    StaggeredScalingBenchmark.HeapWatch heap = StaggeredScalingBenchmark.HeapWatch.start();
    SplittableRandom random = new SplittableRandom(seed);
    int[] siteCohort = new int[SITES];
    double[][] shock = new double[SITES][WAVES + 1];
    for (int s = 0; s < SITES; s++) {
      siteCohort[s] = s % 2 == 1 ? 0 : new int[] {4, 6, 8}[(s / 2) % 3];
      for (int w = 1; w <= WAVES; w++) {
        shock[s][w] = 0.2 * random.nextGaussian();
      }
    }
    double[] y = new double[n];
    int[] wave = new int[n];
    int[] g = new int[n];
    double[] x1 = new double[n];
    double[] x2 = new double[n];
    double[] weight = new double[n];
    long[] site = new long[n];
    for (int i = 0; i < n; i++) {
      int s = random.nextInt(SITES);
      int w = 1 + random.nextInt(WAVES);
      site[i] = s;
      wave[i] = w;
      g[i] = siteCohort[s];
      x1[i] = random.nextGaussian() + 0.05 * w + (g[i] > 0 ? 0.3 : 0.0);
      x2[i] = random.nextDouble() < 0.4 ? 1.0 : 0.0;
      weight[i] = 0.5 + 2.5 * random.nextDouble();
      boolean treated = g[i] > 0 && w >= g[i];
      y[i] =
          1.0
              + 0.1 * w
              + 0.5 * x1[i]
              + 0.1 * w * x2[i]
              + shock[s][w]
              + (treated ? 0.3 : 0.0)
              + random.nextGaussian();
    }
    heap.reset();
    long t0 = System.nanoTime();
    StaggeredObservations obs =
        StaggeredObservations.builder()
            .outcomes(y)
            .periods(wave)
            .firstTreated(g)
            .weights(weight)
            .clusters(site)
            .covariate("x1", x1)
            .covariate("x2", x2)
            .build();
    long t1 = System.nanoTime();
    GroupTimeEffects gt =
        CallawaySantAnna.withParameters(
                CallawaySantAnnaParameters.builder()
                    .method(EstimationMethod.DOUBLY_ROBUST)
                    .covariate("x1")
                    .covariate("x2")
                    .build())
            .fit(obs);
    long t2 = System.nanoTime();
    AggregatedEffects dynamic = gt.aggregate(Aggregation.DYNAMIC);
    long t3 = System.nanoTime();
    UniformBands bands = MultiplierBootstrap.clustered(draws, seed, 0.95).bands(dynamic);
    long t4 = System.nanoTime();
    heap.stop();
    System.out.printf(
        Locale.ROOT,
        "n=%d observations, %d waves, %d sites (%d cells), B=%d, %d cores, -Xmx %d MB%n"
            + "  build %.2f s | DR ATT(g,t) fit %.2f s | dynamic aggregation %.2f s |"
            + " clustered bootstrap %.2f s | total %.2f s%n"
            + "  peak live heap (max used after GC) %d MB | peak used heap (sampled) %d MB |"
            + " GCs %d (%.1f s)%n"
            + "  dynamic ATT %.4f (analytic SE %.4f; truth 0.3000) | e=0 SE analytic %.4f,"
            + " site-clustered bootstrap %.4f | sup-t critical value %.3f%n",
        n,
        WAVES,
        SITES,
        gt.effects().size(),
        draws,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        (t3 - t2) / 1e9,
        (t4 - t3) / 1e9,
        (t4 - t0) / 1e9,
        heap.peakAfterGc() >> 20,
        heap.peakSampled() >> 20,
        heap.gcCount(),
        heap.gcMillis() / 1e3,
        dynamic.overallAtt(),
        dynamic.overallStandardError(),
        dynamic.effect(0).standardError(),
        bands.standardErrors()[indexOf(dynamic, 0)],
        bands.criticalValue());
  }

  private static int indexOf(AggregatedEffects a, int key) {
    for (int k = 0; k < a.effects().size(); k++) {
      if (a.effects().get(k).key() == key) {
        return k;
      }
    }
    throw new IllegalStateException("no event time " + key);
  }
}
