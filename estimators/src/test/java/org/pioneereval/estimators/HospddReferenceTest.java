package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Stata 17 {@code didregress (satis) (procedure), group(hospital) time(month)} on hospdd, and its
 * {@code estat ptrends} / {@code estat granger} (reference/hospdd/README.md).
 */
class HospddReferenceTest {
  private static final ReferenceTable DATA = ReferenceTable.load("hospdd/data.csv");

  static PanelObservations observations() {
    int[] hospital = DATA.codes("hospital");
    return PanelObservations.builder()
        .outcome(DATA.numbers("satis"))
        .unit(hospital)
        .time(DATA.codes("month"))
        .treatment(DATA.numbers("proc"))
        .cluster(hospital)
        .build();
  }

  private static Offset<Double> relative(double published) {
    return within(Math.abs(published) * 1e-6);
  }

  @Test
  void atetAndClusterSeMatchStataDidregress() {
    DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_STATA).fit(observations());

    assertThat(e.estimate()).isCloseTo(.8479879, relative(.8479879));
    assertThat(e.standardError()).isCloseTo(.0321121, relative(.0321121));
    assertThat(e.regression().vcov()[0][0]).isCloseTo(1.03118741e-03, relative(1.03118741e-03));
    assertThat(e.tStatistic()).isCloseTo(26.41, within(0.005));
    assertThat(e.ciLower()).isCloseTo(.7833108, within(5e-8));
    assertThat(e.ciUpper()).isCloseTo(.912665, within(5e-7));
    assertThat(e.nObservations()).isEqualTo(7368);
    assertThat(e.nClusters()).isEqualTo(46);
    assertThat(e.degreesOfFreedom()).isEqualTo(45.0);
  }

  @Test
  void monthEffectsMatchStataCoefficientVector() {
    RegressionResult r =
        TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_STATA).fit(observations()).regression();
    double[] published = {
      -9.60765964e-03,
      2.19685761e-02,
      -3.28387409e-03,
      -9.40273706e-03,
      -3.83753999e-03,
      -1.11941486e-02
    };
    for (int m = 1; m <= 6; m++) {
      assertThat(r.coefficient("time=" + m))
          .isCloseTo(published[m - 1], relative(published[m - 1]));
    }
  }

  @Test
  void fixestConventionLeavesNestedHospitalEffectsOutOfK() {
    DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_FIXEST).fit(observations());
    // verify.R: K without the 45 nested hospital dummies gives 0.03201379 (not Stata's number)
    assertThat(e.standardError()).isCloseTo(0.03201379, within(5e-9));
  }

  @Test
  void rawTwoByTwoOfMeansEqualsAtet() {
    double[] satis = DATA.numbers("satis");
    double[] proc = DATA.numbers("proc");
    int[] hospital = DATA.codes("hospital");
    double[] month = DATA.numbers("month");
    boolean[] treatedHospital = new boolean[46];
    for (int i = 0; i < proc.length; i++) {
      treatedHospital[hospital[i]] |= proc[i] == 1.0;
    }
    boolean[] treated = new boolean[proc.length];
    boolean[] post = new boolean[proc.length];
    for (int i = 0; i < proc.length; i++) {
      treated[i] = treatedHospital[hospital[i]];
      post[i] = month[i] >= 4;
    }
    DidEstimate e =
        TwoByTwoDid.withVariance(VarianceType.CR1_STATA).fit(satis, treated, post, hospital, null);
    assertThat(e.estimate()).isCloseTo(.8479879, relative(.8479879));
    assertThat(e.nClusters()).isEqualTo(46);
  }

  @Test
  void parallelTrendsTestMatchesEstatPtrends() {
    WaldTest t =
        ParallelTrendsTests.withVariance(VarianceType.CR1_STATA).linearTrend(observations());
    assertThat(t.df1()).isEqualTo(1);
    assertThat(t.df2()).isEqualTo(45.0);
    assertThat(t.statistic()).isCloseTo(0.55, within(0.005));
    assertThat(t.pValue()).isCloseTo(0.4615, within(0.00005));
  }

  @Test
  void grangerTestMatchesEstatGranger() {
    WaldTest t = ParallelTrendsTests.withVariance(VarianceType.CR1_STATA).granger(observations());
    assertThat(t.df1()).isEqualTo(2);
    assertThat(t.df2()).isEqualTo(45.0);
    assertThat(t.statistic()).isCloseTo(0.33, within(0.005));
    assertThat(t.pValue()).isCloseTo(0.7239, within(0.00005));
  }
}
