package org.pioneereval.estimators.bench;

import java.util.Locale;
import java.util.Random;
import org.pioneereval.estimators.BootstrapWeights;
import org.pioneereval.estimators.PanelObservations;
import org.pioneereval.estimators.RandomizationInference;
import org.pioneereval.estimators.TwoWayFixedEffectsDid;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.estimators.WildClusterBootstrap;

/**
 * Monte Carlo size study (a benchmark, not a unit test): 20 sites (clusters), 5 treated from period
 * 4 of 8, 4 practices per site, no true effect. Errors: site effect, practice effect, a site-level
 * AR(1) shock (rho 0.5, so errors are correlated within site over time) and idiosyncratic noise
 * whose scale differs across sites. Reports the share of replications rejecting H0: no effect at 5%
 * with CR1 (Stata, t(G-1)), CR2 (t(G-1)), the restricted wild cluster bootstrap (Webb weights) and
 * randomisation inference.
 *
 * <p>Run: {@code cd /work/main && mvn -B -q -o -pl estimators test-compile exec:java
 * -Dexec.classpathScope=test
 * -Dexec.mainClass=org.pioneereval.estimators.bench.FewTreatedClustersMonteCarlo -Dexec.args="1000
 * 399 199 20260101"} (replications, bootstrap draws, permutations, seed).
 */
public final class FewTreatedClustersMonteCarlo {
  static final int SITES = 20;
  static final int TREATED = 5;
  static final int PRACTICES = 4;
  static final int PERIODS = 8;
  static final int ADOPTION = 4;

  private FewTreatedClustersMonteCarlo() {}

  public static void main(String[] args) {
    int replications = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int draws = args.length > 1 ? Integer.parseInt(args[1]) : 399;
    int permutations = args.length > 2 ? Integer.parseInt(args[2]) : 199;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 20260101L;
    Random random = new Random(seed);
    int cr1 = 0;
    int cr1Fixest = 0;
    int cr2 = 0;
    int wild = 0;
    int ri = 0;
    long start = System.nanoTime();
    for (int r = 0; r < replications; r++) {
      PanelObservations obs = simulate(random);
      cr1 +=
          TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_STATA).fit(obs).pValue() < 0.05
              ? 1
              : 0;
      cr1Fixest +=
          TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_FIXEST).fit(obs).pValue() < 0.05
              ? 1
              : 0;
      cr2 += TwoWayFixedEffectsDid.withVariance(VarianceType.CR2).fit(obs).pValue() < 0.05 ? 1 : 0;
      wild +=
          WildClusterBootstrap.builder()
                      .draws(draws)
                      .weights(BootstrapWeights.WEBB)
                      .restricted()
                      .seed(seed + r)
                      .build()
                      .test(obs)
                      .pValue()
                  < 0.05
              ? 1
              : 0;
      ri +=
          RandomizationInference.builder()
                      .permutations(permutations)
                      .seed(seed + r)
                      .build()
                      .test(obs)
                      .pValue()
                  <= 0.05
              ? 1
              : 0;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double se = Math.sqrt(0.05 * 0.95 / replications);
    System.out.printf(
        Locale.ROOT,
        "Few treated clusters: %d sites, %d treated, %d practices/site, %d periods, no effect;"
            + " %d replications (MC s.e. of a 5%% rate: %.4f), %.1f s%n",
        SITES,
        TREATED,
        PRACTICES,
        PERIODS,
        replications,
        se,
        seconds);
    System.out.printf(
        Locale.ROOT, "  CR1 (Stata, t(G-1))          %.3f%n", cr1 / (double) replications);
    System.out.printf(
        Locale.ROOT, "  CR1 (fixest, t(G-1))         %.3f%n", cr1Fixest / (double) replications);
    System.out.printf(
        Locale.ROOT, "  CR2 (Bell-McCaffrey, t(G-1)) %.3f%n", cr2 / (double) replications);
    System.out.printf(
        Locale.ROOT, "  wild cluster WCR, Webb, B=%d %.3f%n", draws, wild / (double) replications);
    System.out.printf(
        Locale.ROOT,
        "  randomisation inference, R=%d %.3f%n",
        permutations,
        ri / (double) replications);
  }

  static PanelObservations simulate(Random random) {
    int n = SITES * PRACTICES * PERIODS;
    double[] y = new double[n];
    int[] unit = new int[n];
    int[] time = new int[n];
    double[] d = new double[n];
    int[] cluster = new int[n];
    int i = 0;
    for (int s = 0; s < SITES; s++) {
      double siteEffect = random.nextGaussian();
      double noiseScale = 0.5 + 1.5 * random.nextDouble();
      double[] shock = new double[PERIODS];
      double prev = random.nextGaussian() / Math.sqrt(1 - 0.25);
      for (int t = 0; t < PERIODS; t++) {
        prev = 0.5 * prev + random.nextGaussian();
        shock[t] = prev;
      }
      for (int p = 0; p < PRACTICES; p++) {
        double practiceEffect = random.nextGaussian();
        for (int t = 0; t < PERIODS; t++) {
          unit[i] = s * PRACTICES + p;
          time[i] = t;
          cluster[i] = s;
          d[i] = s < TREATED && t >= ADOPTION ? 1.0 : 0.0;
          y[i] =
              siteEffect + practiceEffect + 0.1 * t + shock[t] + noiseScale * random.nextGaussian();
          i++;
        }
      }
    }
    return PanelObservations.builder()
        .outcome(y)
        .unit(unit)
        .time(time)
        .treatment(d)
        .cluster(cluster)
        .build();
  }
}
