package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Randomisation inference equals refitting TWFE on each permuted assignment. */
class RandomizationInferenceTest {
  @Test
  void permutationPValueEqualsBruteForceRefits() {
    PanelObservations obs = SimulatedPanels.sites(21, 12, 3, 2, 6, 3, 0.3, true, true);
    int permutations = 199;
    RandomizationResult r =
        RandomizationInference.builder().permutations(permutations).seed(17).build().test(obs);

    DidEstimate observed = TwoWayFixedEffectsDid.withVariance(VarianceType.IID).fit(obs);
    assertThat(r.estimate()).isCloseTo(observed.estimate(), within(1e-12));
    // brute force: the same shuffles of the cluster adoption periods, full TWFE refit each time
    int[] adoption = RandomizationInference.adoptionByCluster(obs);
    SplittableRandom random = new SplittableRandom(17);
    int extreme = 0;
    for (int p = 0; p < permutations; p++) {
      for (int i = adoption.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int tmp = adoption[i];
        adoption[i] = adoption[j];
        adoption[j] = tmp;
      }
      double[] d = new double[obs.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = obs.time()[i] >= adoption[obs.cluster()[i]] ? 1.0 : 0.0;
      }
      double b =
          TwoWayFixedEffectsDid.withVariance(VarianceType.IID).fit(obs.withTreatment(d)).estimate();
      if (Math.abs(b) >= Math.abs(observed.estimate()) * (1 - 1e-10)) {
        extreme++;
      }
    }
    assertThat(r.pValue()).isEqualTo((1.0 + extreme) / (1.0 + permutations));
    assertThat(r.treatedClusters()).isEqualTo(3);
    assertThat(r.nClusters()).isEqualTo(12);
  }

  @Test
  void largeEffectIsRejectedAndSeedReproduces() {
    PanelObservations obs = SimulatedPanels.sites(22, 20, 5, 3, 6, 3, 5.0, false, false);
    RandomizationInference ri = RandomizationInference.builder().permutations(999).seed(1).build();
    RandomizationResult r = ri.test(obs);
    assertThat(r.pValue()).isEqualTo(0.001);
    assertThat(ri.test(obs)).isEqualTo(r);
  }
}
