package org.pioneereval.estimators.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The IRLS state is a commutative monoid: the state of a union of rows is the merge of the states
 * of its parts, so a Spark job may compute it per partition.
 */
class LogitCrossProductsMergeTest {
  private static final int N = 2_001;
  private static final double[] BETA = {-0.4, 0.8, -0.3, 0.05};

  private static double[][] rows(SplittableRandom r) {
    double[][] x = new double[N][4];
    for (int i = 0; i < N; i++) {
      x[i][0] = 1.0;
      x[i][1] = r.nextDouble() * 2 - 1;
      x[i][2] = r.nextDouble() < 0.3 ? 1.0 : 0.0;
      x[i][3] = r.nextDouble() * 100;
    }
    return x;
  }

  private static boolean[] treatment(double[][] x, SplittableRandom r) {
    boolean[] t = new boolean[x.length];
    for (int i = 0; i < x.length; i++) {
      double eta = -0.5 + 1.2 * x[i][1] - 0.7 * x[i][2] + 0.01 * x[i][3];
      t[i] = r.nextDouble() < 1.0 / (1.0 + Math.exp(-eta));
    }
    return t;
  }

  @Test
  void mergingTheStatesOfTwoHalvesEqualsTheStateOfTheUnion() {
    SplittableRandom r = new SplittableRandom(20260101L);
    double[][] x = rows(r);
    boolean[] t = treatment(x, r);
    InMemoryCrossProducts source = InMemoryCrossProducts.of(x, t);

    LogitCrossProducts union = source.crossProducts(BETA, 0, N);
    LogitCrossProducts first = source.crossProducts(BETA, 0, 777);
    LogitCrossProducts second = source.crossProducts(BETA, 777, N);
    LogitCrossProducts merged = first.merge(second);

    assertThat(merged.isCloseTo(union, 1e-12)).as("%s vs %s", merged, union).isTrue();
    assertThat(merged.count()).isEqualTo(N);
    assertThat(merged.sumOfWeights()).isEqualTo(N);
    // commutative, and the empty state is the identity
    assertThat(second.merge(first).isCloseTo(union, 1e-12)).isTrue();
    assertThat(LogitCrossProducts.at(BETA).merge(union).isCloseTo(union, 0.0)).isTrue();
    // operands unchanged
    assertThat(first.count()).isEqualTo(777);
    assertThat(second.count()).isEqualTo(N - 777);
    // the parallel blocked pass of the source is the same merge
    assertThat(source.crossProducts(BETA).isCloseTo(union, 1e-12)).isTrue();
  }

  @Test
  void fitOnMergedPartitionsEqualsFitOnAllRows() {
    SplittableRandom r = new SplittableRandom(7L);
    double[][] x = rows(r);
    boolean[] t = treatment(x, r);
    InMemoryCrossProducts all = InMemoryCrossProducts.of(x, t);
    // three "partitions" reduced by merge, as a distributed job would
    CrossProductSource partitioned =
        beta ->
            all.crossProducts(beta, 0, 500)
                .merge(all.crossProducts(beta, 500, 1_500))
                .merge(all.crossProducts(beta, 1_500, N));
    LogisticRegression logit =
        LogisticRegression.builder().coefficientNames("(Intercept)", "x1", "x2", "x3").build();

    LogitFit whole = logit.fit(all);
    LogitFit merged = logit.fit(partitioned);

    assertThat(merged.iterations()).isEqualTo(whole.iterations());
    for (int j = 0; j < 4; j++) {
      assertThat(merged.coefficients()[j])
          .isCloseTo(
              whole.coefficients()[j], within(1e-10 * (1 + Math.abs(whole.coefficients()[j]))));
    }
    assertThat(merged.logLikelihood()).isCloseTo(whole.logLikelihood(), within(1e-8));
  }

  @Test
  void statesAtDifferentCoefficientsDoNotMerge() {
    LogitCrossProducts a = LogitCrossProducts.at(new double[] {0.0, 1.0});
    LogitCrossProducts b = LogitCrossProducts.at(new double[] {0.0, 1.5});
    assertThatThrownBy(() -> a.merge(b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("different coefficients");
  }
}
