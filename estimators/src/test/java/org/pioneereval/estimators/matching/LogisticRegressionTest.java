package org.pioneereval.estimators.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.EstimationException;

/** Logit by IRLS on sufficient statistics: a closed-form case and the failure modes. */
class LogisticRegressionTest {
  private static final LogisticRegression TWO_PARAMETERS =
      LogisticRegression.builder().coefficientNames("(Intercept)", "x").build();

  private static double[][] rows(double... x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new double[] {1.0, x[i]};
    }
    return out;
  }

  @Test
  void saturatedBinaryCovariateGivesGroupLogOddsAndTheirVariances() {
    // x = 0: 1 of 4 treated (p 1/4); x = 1: 3 of 4 treated (p 3/4). Saturated, so the MLE is
    // b0 = log(1/3), b1 = log(3) - log(1/3) = 2 log 3; information per group n p (1-p) = 3/4, so
    // var(b0) = 4/3 and var(b1) = 4/3 + 4/3 = 8/3; logLik = 2 * 4 * (1/4 log 1/4 + 3/4 log 3/4).
    double[][] x = rows(0, 0, 0, 0, 1, 1, 1, 1);
    boolean[] t = {true, false, false, false, true, true, true, false};

    LogitFit fit = TWO_PARAMETERS.fit(InMemoryCrossProducts.of(x, t));

    assertThat(fit.coefficient("(Intercept)")).isCloseTo(Math.log(1.0 / 3.0), within(1e-10));
    assertThat(fit.coefficient("x")).isCloseTo(2 * Math.log(3.0), within(1e-10));
    assertThat(fit.standardError("(Intercept)")).isCloseTo(Math.sqrt(4.0 / 3.0), within(1e-9));
    assertThat(fit.standardError("x")).isCloseTo(Math.sqrt(8.0 / 3.0), within(1e-9));
    double logLik = 8 * (0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
    assertThat(fit.logLikelihood()).isCloseTo(logLik, within(1e-10));
    assertThat(fit.propensityScore(new double[] {1.0, 1.0})).isCloseTo(0.75, within(1e-10));
    assertThat(fit.observations()).isEqualTo(8);
  }

  @Test
  void priorWeightsActAsRepeatedRows() {
    // the same data as above with each x = 0 control row given weight 3 instead of three rows
    double[][] x = rows(0, 0, 1, 1, 1, 1);
    boolean[] t = {true, false, true, true, true, false};
    double[] w = {1, 3, 1, 1, 1, 1};

    LogitFit fit = TWO_PARAMETERS.fit(InMemoryCrossProducts.weighted(x, t, w));

    assertThat(fit.coefficient("(Intercept)")).isCloseTo(Math.log(1.0 / 3.0), within(1e-10));
    assertThat(fit.coefficient("x")).isCloseTo(2 * Math.log(3.0), within(1e-10));
    assertThat(fit.sumOfWeights()).isEqualTo(8.0);
  }

  @Test
  void completeSeparationIsReportedAsSuch() {
    // x > 0 exactly when treated: the likelihood has no maximum (R glm: "did not converge")
    double[][] x = rows(-3, -2, -1, -0.5, 0.5, 1, 2, 3);
    boolean[] t = {false, false, false, false, true, true, true, true};

    assertThatThrownBy(() -> TWO_PARAMETERS.fit(InMemoryCrossProducts.of(x, t)))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("did not converge in 25 IRLS iterations")
        .hasMessageContaining("separates treated from control units perfectly");
  }

  @Test
  void quasiSeparationByAnAllTreatedCategoryIsReportedAlthoughGlmWouldConverge() {
    // category c (second column) holds only treated units; elsewhere both groups mix. R 4.2 glm
    // reports converged = TRUE after 18 iterations with c = 19.75; the MLE does not exist.
    double[][] x = new double[12][];
    boolean[] t = new boolean[12];
    for (int i = 0; i < 12; i++) {
      boolean inC = i >= 8;
      x[i] = new double[] {1.0, inC ? 1.0 : 0.0, (i % 3) - 1.0};
      t[i] = inC || i % 2 == 0;
    }
    LogisticRegression logit =
        LogisticRegression.builder().coefficientNames("(Intercept)", "c", "z").build();

    assertThatThrownBy(() -> logit.fit(InMemoryCrossProducts.of(x, t)))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("fitted probabilities within 1e-8 of 0 or 1")
        .hasMessageContaining("separates treated from control units perfectly");
  }

  @Test
  void tooFewIterationsWithoutSeparationIsNonConvergence() {
    // the saturated example needs about 5 passes from beta = 0; two are not enough, and no fitted
    // probability is near 0 or 1, so this is plain non-convergence
    double[][] x = rows(0, 0, 0, 0, 1, 1, 1, 1);
    boolean[] t = {true, false, false, false, true, true, true, false};
    LogisticRegression twoPasses =
        LogisticRegression.builder().coefficientNames("(Intercept)", "x").maxIterations(2).build();

    assertThatThrownBy(() -> twoPasses.fit(InMemoryCrossProducts.of(x, t)))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("did not converge in 2 IRLS iterations")
        .hasMessageContaining("raise maxIterations");
  }

  @Test
  void collinearCovariatesNameTheColumn() {
    double[][] x = new double[6][];
    boolean[] t = {true, false, true, false, false, true};
    for (int i = 0; i < 6; i++) {
      x[i] = new double[] {1.0, i, 2.0 * i};
    }
    LogisticRegression logit =
        LogisticRegression.builder().coefficientNames("(Intercept)", "age", "age2x").build();

    assertThatThrownBy(() -> logit.fit(InMemoryCrossProducts.of(x, t)))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("collinear (at or near 'age2x')");
  }

  @Test
  void argumentsAreValidated() {
    assertThatThrownBy(
            () -> LogisticRegression.builder().coefficientNames("a").maxIterations(0).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("maxIterations = 0");
    assertThatThrownBy(() -> LogisticRegression.builder().build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("coefficientNames(...)");
    assertThatThrownBy(
            () -> LogitCrossProducts.at(new double[] {0.0}).add(new double[] {1.0}, 2.0, 1.0))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("is not 0 or 1");
    assertThatThrownBy(
            () ->
                TWO_PARAMETERS.fit(
                    InMemoryCrossProducts.of(rows(0, 1), new boolean[] {true, false, true})))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("treated has 3 entries but there are 2 units");
  }
}
