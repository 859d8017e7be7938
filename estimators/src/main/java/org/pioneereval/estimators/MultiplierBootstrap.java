package org.pioneereval.estimators;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The multiplier bootstrap of R {@code did} ({@code mboot}). Unclustered ({@link #of}), each draw
 * multiplies every unit's influence function by an independent Rademacher weight, {@code R_b =
 * sqrt(n) mean_i(xi_i IF_i)}. Clustered ({@link #clustered}, did {@code clustervars}; Callaway and
 * Sant'Anna 2021, Remark 10), the influence functions are first summed within the clusters given
 * with the data (e.g. the sites of patients) and one weight is drawn per cluster: {@code R_b =
 * sqrt(n) (1/n) sum_c xi_c sum_{i in c} IF_i}, so that correlation within a cluster widens the
 * bands. (did before PR #261 scaled cluster means instead of sums, which differs only with unequal
 * cluster sizes.) Standard errors are the bootstrap interquartile range divided by {@code 2 *
 * qnorm(0.75)}, over sqrt(n); the uniform (sup-t) critical value is the {@code 1 - alpha} quantile
 * of {@code max_k |R_bk| / sigma_k}, so that {@code estimate +- c * se} covers all effects jointly.
 * Seeded, hence reproducible (but not equal to R's random numbers); clusters are drawn in order of
 * first appearance, so with one unit per cluster the clustered bootstrap equals the unclustered one
 * with the same seed.
 */
public final class MultiplierBootstrap {
  private final int iterations;
  private final long seed;
  private final double alpha;
  private final boolean byCluster;

  private MultiplierBootstrap(int iterations, long seed, double alpha, boolean byCluster) {
    this.iterations = iterations;
    this.seed = seed;
    this.alpha = alpha;
    this.byCluster = byCluster;
  }

  /**
   * @param iterations number of bootstrap draws (did default 999); at least 99
   * @param seed seed of the Rademacher draws
   * @param level joint coverage of the uniform bands, e.g. 0.95
   */
  public static MultiplierBootstrap of(int iterations, long seed, double level) {
    checkArguments(iterations, level);
    return new MultiplierBootstrap(iterations, seed, 1.0 - level, false);
  }

  /**
   * The cluster-robust bootstrap: one multiplier per cluster of the data the effects were estimated
   * from ({@link StaggeredPanel.Builder#clusters}, {@link StaggeredObservations.Builder#clusters}).
   * Fails at {@link #bands} when the data had no clusters.
   *
   * @param iterations number of bootstrap draws (did default 999); at least 99
   * @param seed seed of the Rademacher draws
   * @param level joint coverage of the uniform bands, e.g. 0.95
   */
  public static MultiplierBootstrap clustered(int iterations, long seed, double level) {
    checkArguments(iterations, level);
    return new MultiplierBootstrap(iterations, seed, 1.0 - level, true);
  }

  private static void checkArguments(int iterations, double level) {
    if (iterations < 99) {
      throw EstimationErrors.invalidBootstrapIterations(iterations);
    }
    if (!(level > 0.0 && level < 1.0)) {
      throw EstimationErrors.invalidLevel(level);
    }
  }

  /** Bootstrap SEs and the uniform critical value of all group-time effects with an SE. */
  public UniformBands bands(GroupTimeEffects effects) {
    List<GroupTimeEffect> list = effects.effects();
    double[][] inf = effects.influenceView();
    int[] keep =
        java.util.stream.IntStream.range(0, list.size())
            .filter(k -> !Double.isNaN(list.get(k).standardError()))
            .toArray();
    double[][] selected = new double[keep.length][];
    double[] est = new double[keep.length];
    for (int i = 0; i < keep.length; i++) {
      selected[i] = inf[keep[i]];
      est[i] = list.get(keep[i]).att();
    }
    return run(selected, est, effects);
  }

  /** Bootstrap SEs and the uniform critical value of the components of an aggregation. */
  public UniformBands bands(AggregatedEffects aggregated) {
    double[] est = aggregated.effects().stream().mapToDouble(AggregatedEffect::att).toArray();
    return run(aggregated.influenceView(), est, aggregated.source());
  }

  private UniformBands run(double[][] inf, double[] estimates, GroupTimeEffects source) {
    int n = source.unitCount();
    if (!byCluster) {
      return run(inf, estimates, n, n);
    }
    int[] cluster = source.clusterView();
    if (cluster == null) {
      throw EstimationErrors.noClustersForBootstrap(source.design());
    }
    int clusters = source.clusterCount();
    double[][] sums = new double[inf.length][clusters];
    for (int k = 0; k < inf.length; k++) {
      for (int u = 0; u < n; u++) {
        sums[k][cluster[u]] += inf[k][u];
      }
    }
    return run(sums, estimates, n, clusters);
  }

  /**
   * @param inf influence functions, or their sums over clusters, one column per multiplier
   * @param n the n of {@code sqrt(mean(IF^2)/n)}: units or observations
   */
  private UniformBands run(double[][] inf, double[] estimates, int n, int multipliers) {
    int m = inf.length;
    double[][] draws = new double[m][iterations];
    SplittableRandom random = new SplittableRandom(seed);
    double[] xi = new double[multipliers];
    double root = Math.sqrt(n);
    for (int b = 0; b < iterations; b++) {
      for (int u = 0; u < multipliers; u++) {
        xi[u] = random.nextBoolean() ? 1.0 : -1.0;
      }
      for (int k = 0; k < m; k++) {
        double s = 0.0;
        double[] f = inf[k];
        for (int u = 0; u < multipliers; u++) {
          s += xi[u] * f[u];
        }
        draws[k][b] = root * s / n;
      }
    }
    double iqrScale = 2.0 * new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.75);
    double[] sigma = new double[m];
    double[] se = new double[m];
    for (int k = 0; k < m; k++) {
      double[] sorted = draws[k].clone();
      Arrays.sort(sorted);
      sigma[k] = (quantileType1(sorted, 0.75) - quantileType1(sorted, 0.25)) / iqrScale;
      se[k] = sigma[k] / root;
    }
    double[] maxT = new double[iterations];
    for (int b = 0; b < iterations; b++) {
      double mx = 0.0;
      for (int k = 0; k < m; k++) {
        if (sigma[k] > 0) {
          mx = Math.max(mx, Math.abs(draws[k][b]) / sigma[k]);
        }
      }
      maxT[b] = mx;
    }
    Arrays.sort(maxT);
    double crit = quantileType1(maxT, 1.0 - alpha);
    return new UniformBands(
        estimates.clone(), se, crit, 1.0 - alpha, iterations, seed, multipliers);
  }

  /** R {@code quantile(type = 1)}: the inverse of the empirical distribution function. */
  static double quantileType1(double[] sorted, double p) {
    int n = sorted.length;
    int j = (int) Math.ceil(n * p - 1e-12);
    return sorted[Math.max(0, Math.min(n - 1, j - 1))];
  }
}
