package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * fixest walkthrough vignette: {@code feols(y ~ x1 + i(period, treat, 5) | id + period, base_did)}
 * with SEs clustered by id (reference/fixest_base_did/README.md).
 */
class FixestBaseDidReferenceTest {
  private static final ReferenceTable DATA = ReferenceTable.load("fixest_base_did/data.csv");

  private static final int[] EVENT_TIMES = {-5, -4, -3, -2, 0, 1, 2, 3, 4};
  private static final double[] ESTIMATES = {
    -1.403045, -1.247511, -0.273206, -1.795721, 0.784452, 3.598897, 3.811766, 4.731426, 6.606229
  };
  private static final double[] STANDARD_ERRORS = {
    1.110267, 1.093145, 1.106935, 1.087974, 1.028388, 1.101563, 1.247502, 1.097113, 1.120494
  };
  private static final double[] T_VALUES = {
    -1.263701, -1.141213, -0.246813, -1.650518, 0.762798, 3.267081, 3.055519, 4.312617, 5.895817
  };

  private static EventStudyResult fit() {
    int[] id = DATA.codes("id");
    double[] period = DATA.numbers("period");
    double[] treat = DATA.numbers("treat");
    int[] eventTime = new int[period.length];
    for (int i = 0; i < eventTime.length; i++) {
      // treated units adopt in period 6, so fixest's reference period 5 is event time -1
      eventTime[i] = treat[i] == 1.0 ? (int) period[i] - 6 : EventStudy.NEVER_TREATED;
    }
    PanelObservations obs =
        PanelObservations.builder()
            .outcome(DATA.numbers("y"))
            .unit(id)
            .time(DATA.codes("period"))
            .cluster(id)
            .covariate("x1", DATA.numbers("x1"))
            .build();
    return EventStudy.builder()
        .variance(VarianceType.CR1_FIXEST)
        .referencePeriod(-1)
        .window(-5, 4)
        .binEndpoints(true)
        .build()
        .fit(obs, eventTime);
  }

  @Test
  void everyEventStudyCoefficientAndSeMatchesFixestToSixDecimals() {
    EventStudyResult es = fit();
    assertThat(es.coefficients()).hasSize(9);
    for (int j = 0; j < EVENT_TIMES.length; j++) {
      EventStudyCoefficient c = es.coefficient(EVENT_TIMES[j]);
      assertThat(c.estimate())
          .as("estimate %d", EVENT_TIMES[j])
          .isCloseTo(ESTIMATES[j], within(5e-7));
      assertThat(c.standardError())
          .as("se %d", EVENT_TIMES[j])
          .isCloseTo(STANDARD_ERRORS[j], within(5e-7));
      assertThat(c.tStatistic()).as("t %d", EVENT_TIMES[j]).isCloseTo(T_VALUES[j], within(5e-6));
    }
    RegressionResult r = es.regression();
    assertThat(r.coefficient("x1")).isCloseTo(0.973490, within(5e-7));
    assertThat(r.standardError("x1")).isCloseTo(0.045678, within(5e-7));
    assertThat(r.degreesOfFreedom()).isEqualTo(107.0);
    assertThat(r.parameterCount()).isEqualTo(20);
  }

  @Test
  void pValuesUseTWithGMinusOneDegreesOfFreedom() {
    EventStudyResult es = fit();
    assertThat(es.coefficient(-5).pValue()).isCloseTo(2.0908e-01, within(5e-6));
    assertThat(es.coefficient(2).pValue()).isCloseTo(2.8366e-03, within(5e-8));
    assertThat(es.coefficient(4).pValue()).isCloseTo(4.4031e-08, within(5e-12));
  }

  @Test
  void preTrendWaldTestsTheFourLeadsJointly() {
    WaldTest w = fit().preTrendWald();
    assertThat(w.df1()).isEqualTo(4);
    assertThat(w.df2()).isEqualTo(107.0);
    assertThat(w.statistic()).isPositive();
    assertThat(w.pValue()).isBetween(0.0, 1.0);
  }

  @Test
  void pooledRegressionWithoutFixedEffectsMatchesVignette() {
    double[] y = DATA.numbers("y");
    double[] x1 = DATA.numbers("x1");
    double[] one = new double[y.length];
    java.util.Arrays.fill(one, 1.0);
    RegressionResult r =
        LinearRegression.builder()
            .variance(VarianceType.CR1_FIXEST)
            .build()
            .fit(
                RegressionData.of(
                    java.util.List.of("(Intercept)", "x1"),
                    new double[][] {one, x1},
                    y,
                    null,
                    DATA.codes("id")));
    assertThat(r.coefficient(0)).isCloseTo(1.988753, within(5e-7));
    assertThat(r.coefficient(1)).isCloseTo(0.983110, within(5e-7));
    assertThat(r.standardError(0)).isCloseTo(0.194352, within(5e-7));
    assertThat(r.standardError(1)).isCloseTo(0.046789, within(5e-7));
  }
}
