package org.pioneereval.estimators.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.EstimationException;

/** User-facing errors of the survey estimators: what is wrong, why, and how to fix it. */
class SurveyErrorsTest {
  private static final String[] PSU = {"p1", "p1", "p2", "p2", "p3", "p3"};
  private static final String[] STRATA = {"A", "A", "A", "A", "B", "B"};
  private static final double[] W = {10, 12, 9, 11, 20, 20};
  private static final double[] Y = {3, 4, 5, 2, 6, 7};

  private static SurveyDesign.Builder valid() {
    return SurveyDesign.builder().strata(STRATA).clusters(PSU).weights(W);
  }

  @Test
  void missingDesignColumns() {
    assertThatThrownBy(() -> SurveyDesign.builder().clusters(PSU).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("The survey design has no weights")
        .hasMessageContaining("call weights(double[]) before build()");
    assertThatThrownBy(() -> SurveyDesign.builder().weights(W).build())
        .hasMessageContaining("The survey design has no PSU (cluster) ids")
        .hasMessageContaining("rowsArePsus()")
        .hasMessageContaining("svydesign(id = ~1)");
  }

  @Test
  void missingDesignValues() {
    String[] strata = STRATA.clone();
    strata[2] = null;
    assertThatThrownBy(() -> valid().strata(strata).build())
        .hasMessageContaining("stratum[2] is missing")
        .hasMessageContaining("from the sample frame");
    String[] psu = PSU.clone();
    psu[4] = "";
    assertThatThrownBy(() -> valid().clusters(psu).build())
        .hasMessageContaining("PSU id[4] is missing");
    assertThatThrownBy(() -> valid().strata(new String[] {"A", "A", "B"}).build())
        .hasMessageContaining("strata has 3 entries but the survey design has 6 rows");
  }

  @Test
  void negativeOrMissingWeights() {
    double[] w = W.clone();
    w[1] = -2;
    assertThatThrownBy(() -> valid().weights(w).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Survey weight[1] = -2.0 is negative")
        .hasMessageContaining("must be >= 0")
        .hasMessageContaining("give weight 0 to rows that should not count");
    w[1] = Double.NaN;
    assertThatThrownBy(() -> valid().weights(w).build())
        .hasMessageContaining("Survey weight[1] = NaN is negative or not a finite number");
    assertThatThrownBy(() -> valid().weights(new double[6]).build())
        .hasMessageContaining("All 6 survey weights are zero");
    assertThatThrownBy(
            () ->
                PsuTotals.forVariables(PsuVariance.withReplacement(), List.of("y"))
                    .add(PsuKey.unstratified("p"), -1, new double[] {1}))
        .hasMessageContaining("Survey weight = -1.0 is negative");
  }

  @Test
  void finitePopulationCorrection() {
    double[] fpc = {10, 10, 12, 12, 5, 5};
    assertThatThrownBy(() -> valid().populationPsus(fpc).build())
        .hasMessageContaining("varies within stratum 'A' (10.0 and 12.0)");
    double[] tooSmall = {1, 1, 1, 1, 5, 5};
    assertThatThrownBy(() -> valid().populationPsus(tooSmall).build())
        .hasMessageContaining("Stratum 'A' has 2 sampled PSUs but only 1.0 in the population")
        .hasMessageContaining("counts PSUs (not persons)");
    double[] fraction = {0.5, 0.5, 0.5, 0.5, 1.5, 1.5};
    assertThatThrownBy(() -> valid().samplingFractions(fraction).build())
        .hasMessageContaining("correction[4] = 1.5 is not a valid sampling fraction");
    assertThatThrownBy(() -> PsuVariance.withPopulationPsus(Map.of("A", 0.5)))
        .hasMessageContaining("Population PSUs of stratum 'A' = 0.5 is not >= 1");
    PsuVariance onlyA = PsuVariance.withPopulationPsus(Map.of("A", 10.0));
    assertThatThrownBy(
            () ->
                onlyA.covariance(
                    List.of(new PsuKey("A", "1"), new PsuKey("A", "2"), new PsuKey("B", "3")),
                    new double[][] {{1}, {2}, {3}}))
        .hasMessageContaining("Stratum 'B' has no finite population correction");
  }

  @Test
  void singlePsuInAStratum() {
    // stratum B has one PSU (p3)
    SurveyDesign d = valid().build();
    assertThatThrownBy(() -> d.mean("y", Y))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Stratum (B) has only one PSU")
        .hasMessageContaining("merge the stratum with a similar one (collapsed strata)")
        .hasMessageContaining("LonelyPsu.ADJUST")
        .hasMessageContaining("options(survey.lonely.psu = \"adjust\")");
    assertThat(valid().lonelyPsu(LonelyPsu.ADJUST).build().mean("y", Y).standardError())
        .isPositive();
  }

  @Test
  void missingAnalysisValues() {
    SurveyDesign d = valid().lonelyPsu(LonelyPsu.ADJUST).build();
    double[] y = Y.clone();
    y[1] = Double.NaN;
    assertThatThrownBy(() -> d.mean("y", y))
        .hasMessageContaining("y[1] = NaN is missing or not finite")
        .hasMessageContaining("Domain of complete cases (R na.rm = TRUE)");
    boolean[] complete = {true, false, true, true, true, true};
    // outside the domain a missing value is ignored: mean of rows 0, 2..5
    double expected = (10 * 3 + 9 * 5 + 11 * 2 + 20 * 6 + 20 * 7) / (10.0 + 9 + 11 + 20 + 20);
    assertThat(d.mean("y", y, new Domain("complete", complete)).estimate())
        .isCloseTo(expected, within(1e-12));
    assertThatThrownBy(() -> d.mean("y", Y, new Domain("nobody", new boolean[6])))
        .hasMessageContaining("The estimated total of [nobody] is zero")
        .hasMessageContaining("check the domain definition");
    assertThatThrownBy(() -> d.mean("y", new double[] {1, 2}))
        .hasMessageContaining("y has 2 entries but the survey design has 6 rows");
    assertThatThrownBy(() -> d.estimator(List.of("y"), new double[][] {Y}).total("z"))
        .hasMessageContaining("No survey variable named 'z'");
    assertThatThrownBy(
            () ->
                PsuTotals.forVariables(PsuVariance.withReplacement(), List.of("y", "x"))
                    .add(PsuKey.unstratified("p"), 1, new double[] {1}))
        .hasMessageContaining("values has 1 entries but 2 are expected, one per analysis variable");
  }

  @Test
  void calibrationErrors() {
    SurveyDesign d = valid().lonelyPsu(LonelyPsu.ADJUST).build();
    assertThatThrownBy(() -> d.calibrate(List.of("y"), new double[][] {Y}, new double[] {100}))
        .hasMessageContaining("1 population totals were given for 2 calibration variables")
        .hasMessageContaining("population size first");
    double[] twice = new double[6];
    java.util.Arrays.fill(twice, 2.0);
    assertThatThrownBy(
            () -> d.calibrate(List.of("two"), new double[][] {twice}, new double[] {82, 164}))
        .hasMessageContaining("Calibration variables are collinear (at two)");
    SurveyDesign g = d.calibrate(List.of("y"), new double[][] {Y}, new double[] {90, 400});
    assertThatThrownBy(() -> g.calibrate(List.of("y"), new double[][] {Y}, new double[] {90, 400}))
        .hasMessageContaining("already calibrated on [y]");
    assertThatThrownBy(() -> SurveyGlm.gaussian().fit(g, Y, List.of()))
        .hasMessageContaining("not implemented")
        .hasMessageContaining("fit the GLM on the uncalibrated design");
  }

  @Test
  void glmErrors() {
    SurveyDesign d =
        SurveyDesign.builder()
            .clusters(new String[] {"a", "a", "b", "b", "c", "c", "d", "d"})
            .weights(new double[] {1, 1, 1, 1, 1, 1, 1, 1})
            .build();
    double[] x = {0, 1, 2, 3, 4, 5, 6, 7};
    assertThatThrownBy(
            () ->
                SurveyGlm.quasibinomial()
                    .fit(d, new double[] {0, 0, 1, 2, 0, 1, 0, 1}, List.of("x"), x))
        .hasMessageContaining("A quasibinomial response of 2.0 is outside [0, 1]");
    double[] separated = {0, 0, 0, 0, 1, 1, 1, 1};
    assertThatThrownBy(() -> SurveyGlm.quasibinomial().fit(d, separated, List.of("x"), x))
        .hasMessageContaining("did not converge")
        .hasMessageContaining("perfect separation");
    double[] twiceX = new double[8];
    for (int i = 0; i < 8; i++) {
      twiceX[i] = 2 * x[i];
    }
    assertThatThrownBy(() -> SurveyGlm.gaussian().fit(d, x, List.of("x", "2x"), x, twiceX))
        .hasMessageContaining("collinear (at or near 2x)");
    assertThatThrownBy(() -> SurveyGlm.gaussian().fit(d, x, List.of("x", "2x", "x3"), x, x, x))
        .hasMessageContaining("collinear");
  }

  @Test
  void surveyDidErrors() {
    SurveyDesign d = valid().lonelyPsu(LonelyPsu.ADJUST).build();
    double[] treated = {2, 0, 1, 1, 0, 0};
    double[] post = {0, 1, 0, 1, 0, 1};
    assertThatThrownBy(
            () ->
                SurveyDid.builder()
                    .design(d)
                    .score(Y)
                    .treated(treated)
                    .post(post)
                    .topBoxThreshold(5)
                    .build())
        .hasMessageContaining("treated[0] = 2.0 is not 0 or 1");
    assertThatThrownBy(
            () -> SurveyDid.builder().design(d).score(Y).treated(post).post(post).build())
        .hasMessageContaining("Must provide the top-box threshold")
        .hasMessageContaining("topBoxThreshold(double)");
    GlmCells wrongOrder =
        GlmCells.create(
            PsuVariance.withReplacement(), List.of("(Intercept)", "post", "treated", "x"));
    assertThatThrownBy(() -> SurveyDid.estimate(wrongOrder, wrongOrder))
        .hasMessageContaining("SurveyDid expects (Intercept), treated, post, treated:post first");
  }
}
