package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * pyfixest "Replicating The Effect" ch. 18: California's active-choice policy, TWFE and event study
 * with iid SEs (reference/organ_donations/README.md).
 */
class OrganDonationsReferenceTest {
  private static final ReferenceTable DATA = ReferenceTable.load("organ_donations/data.csv");

  private static PanelObservations observations() {
    int n = DATA.size();
    double[] treated = new double[n];
    for (int i = 0; i < n; i++) {
      boolean california = DATA.string(i, "State").equals("California");
      treated[i] = california && DATA.number(i, "Quarter_Num") > 3 ? 1.0 : 0.0;
    }
    int[] state = DATA.codes("State");
    return PanelObservations.builder()
        .outcome(DATA.numbers("Rate"))
        .unit(state)
        .time(DATA.codes("Quarter_Num"))
        .treatment(treated)
        .cluster(state)
        .build();
  }

  private static int[] eventTimes() {
    int[] e = new int[DATA.size()];
    for (int i = 0; i < e.length; i++) {
      e[i] =
          DATA.string(i, "State").equals("California")
              ? (int) DATA.number(i, "Quarter_Num") - 4
              : EventStudy.NEVER_TREATED;
    }
    return e;
  }

  @Test
  void twfeWithIidErrorsMatchesPyfixest() {
    DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.IID).fit(observations());
    // published: -0.022 (0.020), t -1.096, p 0.275, CI [-0.063, 0.018]; verify.R -0.022459
    // (0.020497)
    assertThat(e.estimate()).isCloseTo(-0.022, within(5e-4));
    assertThat(e.estimate()).isCloseTo(-0.022459, within(5e-7));
    assertThat(e.standardError()).isCloseTo(0.020, within(5e-4));
    assertThat(e.standardError()).isCloseTo(0.020497, within(5e-7));
    assertThat(e.tStatistic()).isCloseTo(-1.096, within(5e-4));
    assertThat(e.pValue()).isCloseTo(0.275, within(5e-4));
    assertThat(e.ciLower()).isCloseTo(-0.063, within(5e-4));
    assertThat(e.ciUpper()).isCloseTo(0.018, within(5e-4));
    assertThat(e.degreesOfFreedom()).isEqualTo(129.0);
  }

  @Test
  void eventStudyWithIidErrorsMatchesPyfixest() {
    EventStudyResult es =
        EventStudy.builder()
            .variance(VarianceType.IID)
            .referencePeriod(-1)
            .window(-3, 2)
            .build()
            .fit(observations(), eventTimes());
    int[] times = {-3, -2, 0, 1, 2};
    double[] est = {-0.002942, 0.006296, -0.021565, -0.020292, -0.022165};
    double[] t = {-0.081606, 0.174627, -0.598127, -0.562817, -0.614768};
    double[] p = {0.935090, 0.861655, 0.550837, 0.574567, 0.539825};
    double[] lo = {-0.074299, -0.065061, -0.092922, -0.091649, -0.093522};
    double[] hi = {0.068415, 0.077653, 0.049792, 0.051065, 0.049192};
    for (int j = 0; j < times.length; j++) {
      EventStudyCoefficient c = es.coefficient(times[j]);
      assertThat(c.estimate()).isCloseTo(est[j], within(5e-7));
      assertThat(c.standardError()).isCloseTo(0.036055, within(5e-7));
      assertThat(c.tStatistic()).isCloseTo(t[j], within(5e-6));
      assertThat(c.pValue()).isCloseTo(p[j], within(5e-6));
      assertThat(c.ciLower()).isCloseTo(lo[j], within(5e-7));
      assertThat(c.ciUpper()).isCloseTo(hi[j], within(5e-7));
    }
  }

  @Test
  void clusteredFixestSeMatchesRecomputation() {
    // not published; verify.R recomputation with fixest's default ssc (K excludes nested state FE)
    DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_FIXEST).fit(observations());
    assertThat(e.standardError()).isCloseTo(0.006131, within(5e-7));
    assertThat(e.nClusters()).isEqualTo(27);
  }
}
