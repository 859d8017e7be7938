package org.pioneereval.estimators.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.EstimationException;

/** ATT odds weights and the weighted balance statistics, by hand. */
class WeightingAndBalanceTest {
  private static final boolean T = true;
  private static final boolean C = false;

  @Test
  void attOddsWeightsAndEffectiveSampleSize() {
    // treated: weight 1; controls p/(1-p): 0.5 -> 1, 0.2 -> 0.25, 0.75 -> 3.
    // Control ESS = (1 + 0.25 + 3)^2 / (1 + 0.0625 + 9) = 18.0625 / 10.0625 = 1.79503...
    double[] ps = {0.6, 0.5, 0.2, 0.75, 0.9};
    boolean[] treated = {T, C, C, C, T};

    WeightedSample w = InverseProbabilityWeights.att(ps, treated);

    assertThat(w.weights()).containsExactly(1, 1, 0.25, 3, 1);
    Covariates x = Covariates.builder().add("x", new double[] {1, 2, 3, 4, 5}).build();
    SampleSizes s = BalanceTable.of(x, treated, w.weights()).sampleSizes();
    assertThat(s.treatedEffective()).isEqualTo(2.0);
    assertThat(s.controlEffective()).isCloseTo(18.0625 / 10.0625, within(1e-14));
    assertThat(s.controlMatched()).isEqualTo(3);

    assertThatThrownBy(
            () -> InverseProbabilityWeights.att(new double[] {0.5, 1.0}, new boolean[] {T, C}))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("propensityScore[1] = 1.0 is not strictly between 0 and 1");
  }

  @Test
  void weightedBalanceStatisticsByHand() {
    // treated x = 1, 2, 4; controls x = 1, 3, 5 with weights 2, 1, 0 (the last one unmatched).
    // Means: T 7/3; C (2*1 + 3)/3 = 5/3. s_T = sd(1, 2, 4) = sqrt(7/3). SMD = (2/3) / sqrt(7/3).
    // Weighted variances (normalised weights u, sum u(x-m)^2 / (1 - sum u^2)):
    //   T: u = 1/3 each: var = 7/3; C: u = 2/3, 1/3: sum u(x-m)^2 = 2/3*4/9 + 1/3*16/9 = 24/27,
    //   1 - sum u^2 = 4/9, var = 2; ratio 7/6.
    // eCDF on the distinct values 1, 2, 3, 4, 5 (5 is in the grid although its weight is 0):
    //   F_T = 1/3, 2/3, 2/3, 1, 1; F_C = 2/3, 2/3, 1, 1, 1; |diff| = 1/3, 0, 1/3, 0, 0
    //   -> mean 2/15, max 1/3.
    Covariates x = Covariates.builder().add("x", new double[] {1, 2, 4, 1, 3, 5}).build();
    boolean[] treated = {T, T, T, C, C, C};
    double[] w = {1, 1, 1, 2, 1, 0};

    BalanceTable table = BalanceTable.of(x, treated, w);
    CovariateBalance b = table.after("x");

    assertThat(b.binary()).isFalse();
    assertThat(b.meanTreated()).isCloseTo(7.0 / 3, within(1e-14));
    assertThat(b.meanControl()).isCloseTo(5.0 / 3, within(1e-14));
    assertThat(b.standardizedMeanDifference())
        .isCloseTo((2.0 / 3) / Math.sqrt(7.0 / 3), within(1e-14));
    assertThat(b.varianceRatio()).isCloseTo(7.0 / 6, within(1e-14));
    assertThat(b.ecdfMean()).isCloseTo(2.0 / 15, within(1e-14));
    assertThat(b.ecdfMax()).isCloseTo(1.0 / 3, within(1e-14));
    assertThat(b.standardizedPairDistance()).isNaN();
    // before: controls 1, 3, 5 unweighted -> mean 3, SMD (7/3 - 3) / sqrt(7/3)
    assertThat(table.before("x").meanControl()).isEqualTo(3.0);
    assertThat(table.before("x").standardizedMeanDifference())
        .isCloseTo((7.0 / 3 - 3) / Math.sqrt(7.0 / 3), within(1e-14));
    assertThat(table.sampleSizes().unmatchedControl()).isEqualTo(1);
  }
}
