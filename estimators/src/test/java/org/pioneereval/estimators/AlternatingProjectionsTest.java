package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A third fixed-effect set is absorbed by alternating projections; the result equals the regression
 * with every fixed effect as an explicit dummy (coefficient, and the CR1 SE with K counting all
 * fixed-effect parameters).
 */
class AlternatingProjectionsTest {
  @Test
  void threeFixedEffectSetsEqualExplicitDummies() {
    PanelObservations base = SimulatedPanels.sites(31, 10, 3, 3, 6, 3, 0.4, true, true);
    int n = base.size();
    Random random = new Random(5);
    int[] provider = new int[n];
    double[] y = base.outcome().clone();
    for (int i = 0; i < n; i++) {
      provider[i] = random.nextInt(4);
      y[i] += 0.7 * provider[i];
    }
    PanelObservations obs =
        PanelObservations.builder()
            .outcome(y)
            .unit(base.unit())
            .time(base.time())
            .treatment(base.treatment())
            .cluster(base.cluster())
            .weights(base.weights())
            .covariate("x", base.covariates().get("x"))
            .fixedEffect("provider", provider)
            .build();
    DidEstimate absorbed = TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_STATA).fit(obs);

    List<String> names = new ArrayList<>(List.of("treatment", "x", "(Intercept)"));
    List<double[]> cols = new ArrayList<>();
    cols.add(base.treatment());
    cols.add(base.covariates().get("x"));
    double[] one = new double[n];
    java.util.Arrays.fill(one, 1.0);
    cols.add(one);
    addDummies(cols, names, "unit", base.unit(), base.unitCount());
    addDummies(cols, names, "time", base.time(), base.timeCount());
    addDummies(cols, names, "provider", provider, 4);
    RegressionResult full =
        LinearRegression.builder()
            .variance(VarianceType.CR1_STATA)
            .build()
            .fit(
                RegressionData.of(
                    names, cols.toArray(new double[0][]), y, base.weights(), base.cluster()));

    assertThat(absorbed.estimate()).isCloseTo(full.coefficient(0), within(1e-9));
    assertThat(absorbed.standardError()).isCloseTo(full.standardError(0), within(1e-9));
    assertThat(absorbed.regression().parameterCount()).isEqualTo(full.parameterCount());
  }

  @Test
  void withinUnitDemeaningIsExactOnAnUnbalancedWeightedPanel() {
    PanelObservations obs = SimulatedPanels.sites(32, 9, 3, 3, 7, 4, 0.4, true, true);
    int n = obs.size();
    List<String> names = new ArrayList<>(List.of("treatment", "x", "(Intercept)"));
    List<double[]> cols = new ArrayList<>();
    cols.add(obs.treatment());
    cols.add(obs.covariates().get("x"));
    double[] one = new double[n];
    java.util.Arrays.fill(one, 1.0);
    cols.add(one);
    addDummies(cols, names, "unit", obs.unit(), obs.unitCount());
    addDummies(cols, names, "time", obs.time(), obs.timeCount());
    RegressionData dummies =
        RegressionData.of(
            names, cols.toArray(new double[0][]), obs.outcome(), obs.weights(), obs.cluster());
    for (VarianceType type :
        List.of(VarianceType.IID, VarianceType.HC1, VarianceType.CR1_STATA, VarianceType.CR2)) {
      DidEstimate absorbed = TwoWayFixedEffectsDid.withVariance(type).fit(obs);
      RegressionResult full = LinearRegression.builder().variance(type).build().fit(dummies);
      assertThat(absorbed.estimate()).as("%s", type).isCloseTo(full.coefficient(0), within(1e-10));
      assertThat(absorbed.standardError())
          .as("%s", type)
          .isCloseTo(full.standardError(0), within(1e-9));
      assertThat(absorbed.degreesOfFreedom()).isEqualTo(full.degreesOfFreedom());
    }
  }

  private static void addDummies(
      List<double[]> cols, List<String> names, String prefix, int[] ids, int levels) {
    for (int level = 1; level < levels; level++) {
      double[] d = new double[ids.length];
      for (int i = 0; i < ids.length; i++) {
        d[i] = ids[i] == level ? 1.0 : 0.0;
      }
      cols.add(d);
      names.add(prefix + level);
    }
  }
}
