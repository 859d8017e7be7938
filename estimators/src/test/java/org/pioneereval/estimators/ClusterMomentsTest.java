package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Monoid laws of {@link ClusterMoments} and exactness of regression on moments. */
class ClusterMomentsTest {
  private static final int K = 3;

  private static double[][] rows(long seed, int n) {
    Random r = new Random(seed);
    double[][] out = new double[n][K + 2]; // x0..x2, y, w
    for (int i = 0; i < n; i++) {
      out[i][0] = 1.0;
      out[i][1] = r.nextGaussian();
      out[i][2] = r.nextInt(2);
      out[i][3] = 2.0 + out[i][1] - 0.5 * out[i][2] + r.nextGaussian();
      out[i][4] = 0.5 + r.nextDouble();
    }
    return out;
  }

  private static ClusterMoments momentsOf(double[][] rows, int from, int to) {
    ClusterMoments m = ClusterMoments.empty(K);
    for (int i = from; i < to; i++) {
      m.add(new double[] {rows[i][0], rows[i][1], rows[i][2]}, rows[i][3], rows[i][4]);
    }
    return m;
  }

  @Test
  void mergeOfPartsEqualsMomentsOfTheUnion() {
    double[][] data = rows(1, 300);
    ClusterMoments a = momentsOf(data, 0, 120);
    ClusterMoments b = momentsOf(data, 120, 300);
    ClusterMoments union = momentsOf(data, 0, 300);
    assertThat(a.merge(b).isCloseTo(union, 1e-12)).isTrue();
    assertThat(a.merge(b).count()).isEqualTo(300);
  }

  @Test
  void mergeIsCommutativeAndAssociativeWithEmptyAsIdentity() {
    double[][] data = rows(2, 90);
    ClusterMoments a = momentsOf(data, 0, 30);
    ClusterMoments b = momentsOf(data, 30, 60);
    ClusterMoments c = momentsOf(data, 60, 90);
    assertThat(a.merge(b).isCloseTo(b.merge(a), 0.0)).isTrue();
    assertThat(a.merge(b).merge(c).isCloseTo(a.merge(b.merge(c)), 1e-13)).isTrue();
    assertThat(a.merge(ClusterMoments.empty(K)).isCloseTo(a, 0.0)).isTrue();
  }

  @Test
  void mergeDoesNotMutateItsOperands() {
    double[][] data = rows(3, 20);
    ClusterMoments a = momentsOf(data, 0, 10);
    ClusterMoments before = a.merge(ClusterMoments.empty(K));
    a.merge(momentsOf(data, 10, 20));
    assertThat(a.isCloseTo(before, 0.0)).isTrue();
  }

  @Test
  void regressionOnClusterMomentsEqualsRowLevelRegression() {
    double[][] data = rows(4, 400);
    int clusters = 25;
    List<ClusterMoments> moments = new ArrayList<>();
    double[][] columns = new double[K][400];
    double[] y = new double[400];
    double[] w = new double[400];
    int[] cluster = new int[400];
    for (int g = 0; g < clusters; g++) {
      moments.add(momentsOf(data, g * 16, (g + 1) * 16));
    }
    for (int i = 0; i < 400; i++) {
      for (int j = 0; j < K; j++) {
        columns[j][i] = data[i][j];
      }
      y[i] = data[i][3];
      w[i] = data[i][4];
      cluster[i] = i / 16;
    }
    RegressionData rowsData = RegressionData.of(List.of("a", "b", "c"), columns, y, w, cluster);
    for (VarianceType type : List.of(VarianceType.IID, VarianceType.CR1_STATA)) {
      LinearRegression model =
          LinearRegression.builder()
              .variance(type)
              .absorbedFixedEffects(5)
              .fixedEffectsNestedInClusters(4)
              .coefficientNames(List.of("a", "b", "c"))
              .build();
      RegressionResult fromMoments = model.fit(moments);
      RegressionResult fromRows = model.fit(rowsData);
      for (int j = 0; j < K; j++) {
        assertThat(fromMoments.coefficient(j)).isCloseTo(fromRows.coefficient(j), within(1e-12));
        assertThat(fromMoments.standardError(j))
            .isCloseTo(fromRows.standardError(j), within(1e-12));
      }
      assertThat(fromMoments.parameterCount()).isEqualTo(8);
    }
  }

  @Test
  void cr2FromMomentsIsRefusedWithAnExplanation() {
    double[][] data = rows(5, 10);
    assertThatThrownBy(
            () ->
                LinearRegression.builder()
                    .variance(VarianceType.CR2)
                    .build()
                    .fit(List.of(momentsOf(data, 0, 5), momentsOf(data, 5, 10))))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("CR2 cannot be computed from ClusterMoments")
        .hasMessageContaining("fit RegressionData");
  }

  @Test
  void addRejectsAVectorOfTheWrongDimension() {
    assertThatThrownBy(() -> ClusterMoments.empty(3).add(new double[2], 1.0, 1.0))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("has 2 entries but these moments have dimension 3");
  }
}
