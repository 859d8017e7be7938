package org.pioneereval.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pioneereval.generator.internal.DataGeneratingProcess;

class LikertExpectationTest {
  /** E[Likert | mu] = 1 + sum_k Phi(mu - tau_k) matches 400,000 simulated responses. */
  @ParameterizedTest
  @ValueSource(doubles = {-2.0, -0.4, 0.0, 0.9, 2.5})
  void formulaMatchesSimulation(double mu) {
    SplittableRandom r = new SplittableRandom(42);
    int n = 400_000;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += DataGeneratingProcess.likertCategory(mu + r.nextGaussian());
    }
    // sd of a 5-point item is at most 2, so 4 se <= 4 x 2 / sqrt(400,000) = 0.0127.
    assertThat(sum / n).isCloseTo(DataGeneratingProcess.likertExpectation(mu), within(0.0127));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1.2, -0.4, 0.4, 1.3})
  void categoriesChangeAtTheThresholds(double tau) {
    assertThat(DataGeneratingProcess.likertCategory(tau + 1e-9))
        .isEqualTo(DataGeneratingProcess.likertCategory(tau - 1e-9) + 1);
  }

  @org.junit.jupiter.api.Test
  void expectationRunsFromOneToFive() {
    assertThat(DataGeneratingProcess.likertExpectation(-20)).isCloseTo(1.0, within(1e-12));
    assertThat(DataGeneratingProcess.likertExpectation(20)).isCloseTo(5.0, within(1e-12));
    // 1 + Phi(1.2) + Phi(0.4) + Phi(-0.4) + Phi(-1.3) = 1 + 0.88493 + 0.65542 + 0.34458 + 0.09680.
    assertThat(DataGeneratingProcess.likertExpectation(0.0)).isCloseTo(2.98173, within(1e-5));
  }
}
