package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** User-facing argument errors say what is wrong, why, and how to fix it. */
class EstimationErrorsTest {
  private static final double[] Y = {1, 2, 3, 4};
  private static final boolean[] TREATED = {false, false, true, true};
  private static final boolean[] POST = {false, true, false, true};

  @Test
  void clusteredVarianceWithoutClustersPointsToHc1() {
    assertThatThrownBy(
            () ->
                TwoByTwoDid.withVariance(VarianceType.CR1_STATA).fit(Y, TREATED, POST, null, null))
        .isInstanceOf(EstimationException.class)
        .hasMessage(
            "Must provide a cluster variable for CR1; use VarianceType.HC1 for"
                + " heteroskedasticity-robust SEs without clusters (cluster-robust variances sum"
                + " the scores within clusters, e.g. sites)");
  }

  @Test
  void twfeWithoutClustersForCr2() {
    PanelObservations obs = SimulatedPanels.sites(1, 6, 2, 2, 4, 2, 0.0, false, false);
    PanelObservations noCluster =
        PanelObservations.builder()
            .outcome(obs.outcome())
            .unit(obs.unit())
            .time(obs.time())
            .treatment(obs.treatment())
            .build();
    assertThatThrownBy(() -> TwoWayFixedEffectsDid.withVariance(VarianceType.CR2).fit(noCluster))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Must provide a cluster variable for CR2");
  }

  @Test
  void lengthMismatchNamesTheArray() {
    assertThatThrownBy(
            () ->
                PanelObservations.builder()
                    .outcome(Y)
                    .unit(new int[] {0, 0, 1})
                    .time(new int[] {0, 1, 0, 1})
                    .build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("unit has 3 entries but the outcome has 4")
        .hasMessageContaining("pass arrays of equal length");
  }

  @Test
  void sparseIdsAskForDenseRecoding() {
    assertThatThrownBy(
            () ->
                PanelObservations.builder()
                    .outcome(Y)
                    .unit(new int[] {0, 0, 2, 2})
                    .time(new int[] {0, 1, 0, 1})
                    .build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("unit is not dense: code 1 never occurs")
        .hasMessageContaining("recode the ids");
  }

  @Test
  void nonBinaryTreatmentIsRejected() {
    assertThatThrownBy(
            () ->
                PanelObservations.builder()
                    .outcome(Y)
                    .unit(new int[] {0, 0, 1, 1})
                    .time(new int[] {0, 1, 0, 1})
                    .treatment(new double[] {0, 0, 0, 2})
                    .build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("treatment[3] = 2.0 is not 0 or 1");
  }

  @Test
  void missingTreatmentForTwfe() {
    PanelObservations obs =
        PanelObservations.builder()
            .outcome(Y)
            .unit(new int[] {0, 0, 1, 1})
            .time(new int[] {0, 1, 0, 1})
            .build();
    assertThatThrownBy(() -> TwoWayFixedEffectsDid.withVariance(VarianceType.IID).fit(obs))
        .isInstanceOf(EstimationException.class)
        .hasMessage(
            "Must provide a treatment indicator: the estimator cannot be computed without it;"
                + " call treatment(double[]) before build()");
  }

  @Test
  void invalidWeightExplainsWhatToDo() {
    assertThatThrownBy(
            () ->
                TwoByTwoDid.withVariance(VarianceType.HC1)
                    .fit(Y, TREATED, POST, null, new double[] {1, 0, 1, 1}))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("weights[1] = 0.0 is not a positive finite number")
        .hasMessageContaining("pass null for an unweighted fit");
  }

  @Test
  void referencePeriodOutsideWindow() {
    assertThatThrownBy(() -> EventStudy.builder().window(-3, 2).referencePeriod(-5).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Reference period -5 is outside the event window [-3, 2]");
  }

  @Test
  void tooFewBootstrapDraws() {
    assertThatThrownBy(() -> WildClusterBootstrap.builder().draws(10).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("draws = 10 is too small")
        .hasMessageContaining("use at least 99");
  }

  @Test
  void collinearCovariateIsNamed() {
    PanelObservations base = SimulatedPanels.sites(2, 6, 2, 2, 4, 2, 0.0, false, false);
    double[] constantWithinUnit = new double[base.size()];
    for (int i = 0; i < constantWithinUnit.length; i++) {
      constantWithinUnit[i] = base.unit()[i] * 3.0;
    }
    PanelObservations obs =
        PanelObservations.builder()
            .outcome(base.outcome())
            .unit(base.unit())
            .time(base.time())
            .treatment(base.treatment())
            .cluster(base.cluster())
            .covariate("siteSize", constantWithinUnit)
            .build();
    assertThatThrownBy(() -> TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_STATA).fit(obs))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("collinear (at or near: siteSize)")
        .hasMessageContaining("time-invariant covariates are absorbed");
  }

  @Test
  void staggeredAdoptionForPtrends() {
    PanelObservations base = SimulatedPanels.sites(3, 6, 2, 1, 5, 2, 0.0, false, false);
    double[] d = base.treatment().clone();
    for (int i = 0; i < d.length; i++) {
      if (base.cluster()[i] == 0 && base.time()[i] == 2) {
        d[i] = 0.0; // cluster 0 adopts in period 3 instead of 2
      }
    }
    assertThatThrownBy(
            () ->
                ParallelTrendsTests.withVariance(VarianceType.CR1_STATA)
                    .linearTrend(base.withTreatment(d)))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Treated units adopt at different times (2 and 3)");
  }

  @Test
  void bootstrapNeedsUnitsNestedInClusters() {
    PanelObservations base = SimulatedPanels.sites(4, 6, 2, 1, 4, 2, 0.0, false, false);
    int[] byTime = base.time().clone();
    PanelObservations obs =
        PanelObservations.builder()
            .outcome(base.outcome())
            .unit(base.unit())
            .time(base.time())
            .treatment(base.treatment())
            .cluster(byTime)
            .build();
    assertThatThrownBy(() -> WildClusterBootstrap.builder().draws(99).build().test(obs))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("appears in more than one cluster");
  }
}
