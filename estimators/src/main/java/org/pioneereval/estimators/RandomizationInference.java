package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.pioneereval.estimators.internal.FixedEffectsAbsorber;
import org.pioneereval.estimators.internal.Matrices;

/**
 * Randomisation (permutation) inference for the two-way fixed-effects DiD coefficient: the
 * clusters' adoption paths (adoption period or never) are randomly permuted across clusters, the
 * TWFE estimate is recomputed for each permutation, and the p-value is the share of permuted
 * estimates at least as large in absolute value as the observed one, counting the observed
 * assignment: {@code (1 + #{|b_perm| >= |b_obs|}) / (1 + R)} (Fisher 1935; Young 2019; MacKinnon
 * and Webb 2020 for DiD with few treated clusters). Exact under the sharp null of no effect
 * anywhere when assignment is exchangeable across clusters; valid with any number of treated
 * clusters, unlike cluster-robust t tests. Treatment must be assigned at the cluster level (every
 * row of a cluster switches on in the same period). Permutations are drawn from a seeded {@link
 * SplittableRandom}.
 */
public final class RandomizationInference {
  private final int permutations;
  private final long seed;

  private RandomizationInference(int permutations, long seed) {
    this.permutations = permutations;
    this.seed = seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder. Defaults: 999 permutations, seed 42. */
  public static final class Builder {
    private int permutations = 999;
    private long seed = 42L;

    private Builder() {}

    public Builder permutations(int count) {
      this.permutations = count;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public RandomizationInference build() {
      if (permutations < 99) {
        throw EstimationErrors.invalidDraws(permutations);
      }
      return new RandomizationInference(permutations, seed);
    }
  }

  /** Permutation test of no effect on the TWFE DiD coefficient. */
  public RandomizationResult test(PanelObservations obs) {
    TwoWayFixedEffectsDid.checkTreatment(obs);
    if (obs.cluster() == null) {
      throw EstimationErrors.missingInput(
          "cluster ids (the level at which treatment was assigned)", "cluster(int[])");
    }
    int[] cl = obs.cluster();
    int g = obs.clusterCount();
    int[] adoption = adoptionByCluster(obs);
    int treatedClusters = 0;
    for (int a : adoption) {
      treatedClusters += a == Integer.MAX_VALUE ? 0 : 1;
    }
    boolean varies = false;
    for (int a : adoption) {
      varies |= a != adoption[0];
    }
    if (!varies) {
      throw EstimationErrors.noPermutationVariation();
    }
    // partial the controls (covariates, period dummies) out once; per permutation only the
    // treatment column is absorbed and projected (Frisch-Waugh-Lovell)
    AbsorbedDesign controls = AbsorbedDesign.of(obs, obs.outcome(), List.of(), List.of());
    double[] w = obs.weights();
    double[][] z = controls.columns;
    double[][] zInv = null;
    if (z.length > 0) {
      double[][] ztz = new double[z.length][z.length];
      for (int p = 0; p < z.length; p++) {
        for (int q = p; q < z.length; q++) {
          ztz[p][q] = weightedDot(z[p], z[q], w);
          ztz[q][p] = ztz[p][q];
        }
      }
      zInv = Matrices.invertSpd(ztz, null);
      if (zInv == null) {
        throw EstimationErrors.collinearRegressors(controls.names.toString());
      }
    }
    double[] yy = project(controls.outcome, z, zInv, w);
    double observed = estimate(obs, obs.treatment(), z, zInv, yy, w);
    SplittableRandom random = new SplittableRandom(seed);
    int[] perm = adoption.clone();
    int[] time = obs.time();
    double[] d = new double[obs.size()];
    double threshold = Math.abs(observed) * (1.0 - 1e-10);
    int extreme = 0;
    for (int r = 0; r < permutations; r++) {
      for (int i = g - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
      }
      for (int i = 0; i < d.length; i++) {
        d[i] = time[i] >= perm[cl[i]] ? 1.0 : 0.0;
      }
      double b = estimate(obs, d, z, zInv, yy, w);
      if (Math.abs(b) >= threshold) {
        extreme++;
      }
    }
    return new RandomizationResult(
        observed, (1.0 + extreme) / (1.0 + permutations), permutations, g, treatedClusters);
  }

  /** Adoption period of each cluster ({@link Integer#MAX_VALUE} = never). */
  static int[] adoptionByCluster(PanelObservations obs) {
    int[] cl = obs.cluster();
    int[] time = obs.time();
    double[] d = obs.treatment();
    int[] adoption = new int[obs.clusterCount()];
    Arrays.fill(adoption, Integer.MAX_VALUE);
    for (int i = 0; i < d.length; i++) {
      if (d[i] == 1.0) {
        adoption[cl[i]] = Math.min(adoption[cl[i]], time[i]);
      }
    }
    for (int i = 0; i < d.length; i++) {
      boolean expected = time[i] >= adoption[cl[i]];
      if (expected != (d[i] == 1.0)) {
        throw EstimationErrors.treatmentNotAtClusterLevel(cl[i]);
      }
    }
    return adoption;
  }

  private static double estimate(
      PanelObservations obs, double[] d, double[][] z, double[][] zInv, double[] yy, double[] w) {
    double[] dd = absorb(obs, d);
    dd = project(dd, z, zInv, w);
    double den = weightedDot(dd, dd, w);
    if (!(den > 0.0)) {
      return 0.0;
    }
    return weightedDot(dd, yy, w) / den;
  }

  private static double[] absorb(PanelObservations obs, double[] v) {
    if (obs.extraFixedEffects().isEmpty()) {
      return FixedEffectsAbsorber.demean(v, obs.unit(), obs.unitCount(), obs.weights());
    }
    List<int[]> sets = new ArrayList<>(List.of(obs.unit(), obs.time()));
    sets.addAll(obs.extraFixedEffects().values());
    int[] sizes = new int[sets.size()];
    for (int s = 0; s < sizes.length; s++) {
      sizes[s] = LinearRegression.countClusters(sets.get(s));
    }
    return FixedEffectsAbsorber.alternatingProjections(
        v,
        sets.toArray(new int[0][]),
        sizes,
        obs.weights(),
        FixedEffectsAbsorber.TOLERANCE_DEFAULT,
        FixedEffectsAbsorber.MAX_SWEEPS_DEFAULT);
  }

  /** Residual of v on the columns z (weighted). */
  private static double[] project(double[] v, double[][] z, double[][] zInv, double[] w) {
    if (z.length == 0) {
      return v;
    }
    double[] zv = new double[z.length];
    for (int p = 0; p < z.length; p++) {
      zv[p] = weightedDot(z[p], v, w);
    }
    double[] coef = Matrices.multiply(zInv, zv);
    double[] out = v.clone();
    for (int p = 0; p < z.length; p++) {
      double cp = coef[p];
      double[] zp = z[p];
      for (int i = 0; i < out.length; i++) {
        out[i] -= cp * zp[i];
      }
    }
    return out;
  }

  private static double weightedDot(double[] a, double[] b, double[] w) {
    double s = 0.0;
    for (int i = 0; i < a.length; i++) {
      s += (w == null ? 1.0 : w[i]) * a[i] * b[i];
    }
    return s;
  }
}
