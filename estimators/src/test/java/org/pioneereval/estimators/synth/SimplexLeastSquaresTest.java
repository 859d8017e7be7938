package org.pioneereval.estimators.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Frank-Wolfe simplex solver against closed-form optima, and its stopping rule. */
class SimplexLeastSquaresTest {
  private static final double[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  private static final double[] THIRDS = {1.0 / 3, 1.0 / 3, 1.0 / 3};

  private static SimplexLeastSquares identityProblem(double[] b) {
    return new SimplexLeastSquares(
        new SimplexLeastSquares.ColumnStore(IDENTITY), new int[] {0, 1, 2}, b);
  }

  @Test
  void interiorOptimumIsTheTargetWhenItLiesOnTheSimplex() {
    // A = I, zeta = 0: the optimum is the projection of b on the simplex, here b itself
    SimplexLeastSquares.Solution s =
        identityProblem(new double[] {0.5, 0.3, 0.2}).solve(THIRDS, 0.0, 0.0, 10_000);
    assertThat(s.x()[0]).isCloseTo(0.5, within(1e-9));
    assertThat(s.x()[1]).isCloseTo(0.3, within(1e-9));
    assertThat(s.x()[2]).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void ridgeShrinksTowardsUniformAsInClosedForm() {
    // zeta^2 |x|^2 + |x - b|^2 / 3 on the simplex: x = (b + zeta^2) / (1 + 3 zeta^2) when interior;
    // zeta = 1, b = (0.5, 0.3, 0.2): x = (0.375, 0.325, 0.3), objective 0.33625 + 0.02625 / 3;
    // Frank-Wolfe zigzags near an interior optimum, hence 1e-8 on x
    SimplexLeastSquares.Solution s =
        identityProblem(new double[] {0.5, 0.3, 0.2}).solve(THIRDS, 1.0, 0.0, 10_000);
    assertThat(s.x()[0]).isCloseTo(0.375, within(1e-8));
    assertThat(s.x()[1]).isCloseTo(0.325, within(1e-8));
    assertThat(s.x()[2]).isCloseTo(0.3, within(1e-8));
    assertThat(s.objective()).isCloseTo(0.345, within(1e-14));
  }

  @Test
  void vertexOptimumIsReachedExactly() {
    // b = (1.2, -0.1, -0.1) projects onto the vertex (1, 0, 0): one full step from uniform
    SimplexLeastSquares.Solution s =
        identityProblem(new double[] {1.2, -0.1, -0.1}).solve(THIRDS, 0.0, 0.0, 50);
    assertThat(s.x()).containsExactly(1.0, 0.0, 0.0);
  }

  @Test
  void stopsAfterTheSecondIterationWhenTheDecreaseIsBelowTheThreshold() {
    // synthdid checks vals[t-1] - vals[t] > min.decrease^2 from t = 2 on
    SimplexLeastSquares.Solution s =
        identityProblem(new double[] {0.5, 0.3, 0.2}).solve(THIRDS, 0.0, 1.0, 10_000);
    assertThat(s.iterations()).isEqualTo(2);
    SimplexLeastSquares.Solution capped =
        identityProblem(new double[] {0.5, 0.3, 0.2}).solve(THIRDS, 0.0, 0.0, 7);
    assertThat(capped.iterations()).isEqualTo(7);
  }

  @Test
  void gramRowsRecomputedOutsideTheCacheGiveIdenticalIterates() {
    SplittableRandom r = new SplittableRandom(3L);
    double[][] columns = new double[30][12];
    for (double[] c : columns) {
      for (int t = 0; t < c.length; t++) {
        c[t] = r.nextDouble();
      }
    }
    double[] b = new double[12];
    for (int t = 0; t < b.length; t++) {
      b[t] = 0.5 + 0.1 * r.nextDouble();
    }
    int[] active = new int[30];
    double[] start = new double[30];
    for (int k = 0; k < 30; k++) {
      active[k] = k;
      start[k] = 1.0 / 30;
    }
    SimplexLeastSquares.Solution cached =
        new SimplexLeastSquares(new SimplexLeastSquares.ColumnStore(columns), active, b)
            .solve(start, 0.01, 0.0, 3000);
    SimplexLeastSquares.Solution uncached =
        new SimplexLeastSquares(new SimplexLeastSquares.ColumnStore(columns, 0L), active, b)
            .solve(start, 0.01, 0.0, 3000);
    assertThat(uncached.x()).containsExactly(cached.x());
    assertThat(uncached.objective()).isEqualTo(cached.objective());
  }
}
