package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Baker, Callaway, Cunningham, Goodman-Bacon and Sant'Anna (2025, JEL), ACA Medicaid expansion and
 * county mortality 2013-2014: Tables 2, 3 and 5 (no covariates), unweighted and weighted by the
 * 2013 population aged 20-64, SEs clustered by county (reference/jel_medicaid_mortality/README.md).
 * The paper prints one decimal (Tables 2-3) or two (Table 5).
 */
class JelMedicaidReferenceTest {
  private static final ReferenceTable DATA =
      ReferenceTable.load("jel_medicaid_mortality/data_2013_2014.csv");
  private static final double ONE_DECIMAL = 0.05 + 1e-9;
  private static final double TWO_DECIMALS = 0.005 + 1e-9;

  private final double[] rate = DATA.numbers("crude_rate_20_64");
  private final int[] county = DATA.codes("county_code");
  private final boolean[] treated = new boolean[DATA.size()];
  private final boolean[] post = new boolean[DATA.size()];
  private final double[] weight2013 = new double[DATA.size()];

  JelMedicaidReferenceTest() {
    int n = DATA.size();
    double[] population = DATA.numbers("population_20_64");
    double[] byCounty = new double[n];
    for (int i = 0; i < n; i++) {
      treated[i] = !DATA.isMissing(i, "yaca") && DATA.number(i, "yaca") == 2014;
      post[i] = DATA.number(i, "year") == 2014;
      if (!post[i]) {
        byCounty[county[i]] = population[i];
      }
    }
    for (int i = 0; i < n; i++) {
      weight2013[i] = byCounty[county[i]];
    }
  }

  @Test
  void table2CellMeansUnweightedAndWeighted() {
    TwoByTwoMeans u = TwoByTwoMeans.of(rate, treated, post, null);
    assertThat(u.treatedPre()).isCloseTo(419.2, within(ONE_DECIMAL));
    assertThat(u.controlPre()).isCloseTo(474.0, within(ONE_DECIMAL));
    assertThat(u.treatedPost()).isCloseTo(428.5, within(ONE_DECIMAL));
    assertThat(u.controlPost()).isCloseTo(483.1, within(ONE_DECIMAL));
    assertThat(u.treatedChange()).isCloseTo(9.3, within(ONE_DECIMAL));
    assertThat(u.controlChange()).isCloseTo(9.1, within(ONE_DECIMAL));
    assertThat(u.differenceInDifferences()).isCloseTo(0.1, within(ONE_DECIMAL));

    TwoByTwoMeans w = TwoByTwoMeans.of(rate, treated, post, weight2013);
    assertThat(w.treatedPre()).isCloseTo(322.7, within(ONE_DECIMAL));
    assertThat(w.controlPre()).isCloseTo(376.4, within(ONE_DECIMAL));
    assertThat(w.treatedPost()).isCloseTo(326.5, within(ONE_DECIMAL));
    assertThat(w.controlPost()).isCloseTo(382.7, within(ONE_DECIMAL));
    assertThat(w.treatedChange()).isCloseTo(3.7, within(ONE_DECIMAL));
    assertThat(w.controlChange()).isCloseTo(6.3, within(ONE_DECIMAL));
    assertThat(w.differenceInDifferences()).isCloseTo(-2.6, within(ONE_DECIMAL));
  }

  @Test
  void table3Column1And4RegressionTwoByTwo() {
    RegressionResult u =
        TwoByTwoDid.withVariance(VarianceType.CR1_STATA)
            .fit(rate, treated, post, county, null)
            .regression();
    assertCoefficient(u, TwoByTwoDid.INTERCEPT, 474.0, 4.3, ONE_DECIMAL);
    assertCoefficient(u, TwoByTwoDid.TREATED_GROUP, -54.8, 6.3, ONE_DECIMAL);
    assertCoefficient(u, TwoByTwoDid.POST, 9.1, 2.6, ONE_DECIMAL);
    assertCoefficient(u, TwoByTwoDid.TREATED_POST, 0.1, 3.7, ONE_DECIMAL);
    assertThat(u.nClusters()).isEqualTo(2200);

    RegressionResult w =
        TwoByTwoDid.withVariance(VarianceType.CR1_STATA)
            .fit(rate, treated, post, county, weight2013)
            .regression();
    assertCoefficient(w, TwoByTwoDid.INTERCEPT, 376.4, 7.6, ONE_DECIMAL);
    assertCoefficient(w, TwoByTwoDid.TREATED_GROUP, -53.7, 11.5, ONE_DECIMAL);
    assertCoefficient(w, TwoByTwoDid.POST, 6.3, 1.1, ONE_DECIMAL);
    assertCoefficient(w, TwoByTwoDid.TREATED_POST, -2.6, 1.5, ONE_DECIMAL);
  }

  @Test
  void table5NoCovariateColumnsToTwoDecimals() {
    DidEstimate u =
        TwoByTwoDid.withVariance(VarianceType.CR1_STATA).fit(rate, treated, post, county, null);
    assertThat(u.estimate()).isCloseTo(0.12, within(TWO_DECIMALS));
    assertThat(u.standardError()).isCloseTo(3.75, within(TWO_DECIMALS));
    DidEstimate w =
        TwoByTwoDid.withVariance(VarianceType.CR1_STATA)
            .fit(rate, treated, post, county, weight2013);
    assertThat(w.estimate()).isCloseTo(-2.56, within(TWO_DECIMALS));
    assertThat(w.standardError()).isCloseTo(1.49, within(TWO_DECIMALS));
  }

  @Test
  void table3Columns2And5TwoWayFixedEffects() {
    for (boolean weighted : new boolean[] {false, true}) {
      double[] d = new double[rate.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = treated[i] && post[i] ? 1.0 : 0.0;
      }
      PanelObservations.Builder b =
          PanelObservations.builder()
              .outcome(rate)
              .unit(county)
              .time(DATA.codes("year"))
              .treatment(d)
              .cluster(county);
      if (weighted) {
        b.weights(weight2013);
      }
      DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_FIXEST).fit(b.build());
      assertThat(e.estimate()).isCloseTo(weighted ? -2.6 : 0.1, within(ONE_DECIMAL));
      assertThat(e.standardError()).isCloseTo(weighted ? 1.5 : 3.7, within(ONE_DECIMAL));
      // Table 5 precision as well
      assertThat(e.estimate()).isCloseTo(weighted ? -2.56 : 0.12, within(TWO_DECIMALS));
      assertThat(e.standardError()).isCloseTo(weighted ? 1.49 : 3.75, within(TWO_DECIMALS));
    }
  }

  @Test
  void table3Columns3And6LongDifferencesWithRobustSes() {
    int counties = 2200;
    double[] change = new double[counties];
    double[] treat = new double[counties];
    double[] w = new double[counties];
    double[] one = new double[counties];
    for (int i = 0; i < rate.length; i++) {
      change[county[i]] += post[i] ? rate[i] : -rate[i];
      treat[county[i]] = treated[i] ? 1.0 : 0.0;
      w[county[i]] = weight2013[i];
      one[county[i]] = 1.0;
    }
    for (boolean weighted : new boolean[] {false, true}) {
      RegressionResult r =
          LinearRegression.builder()
              .variance(VarianceType.HC1)
              .build()
              .fit(
                  RegressionData.of(
                      List.of("(Intercept)", "treat"),
                      new double[][] {one, treat},
                      change,
                      weighted ? w : null,
                      null));
      assertCoefficient(r, "(Intercept)", weighted ? 6.3 : 9.1, weighted ? 1.1 : 2.6, ONE_DECIMAL);
      assertCoefficient(r, "treat", weighted ? -2.6 : 0.1, weighted ? 1.5 : 3.7, ONE_DECIMAL);
    }
  }

  private static void assertCoefficient(
      RegressionResult r, String name, double estimate, double se, double tolerance) {
    assertThat(r.coefficient(name)).as(name).isCloseTo(estimate, within(tolerance));
    assertThat(r.standardError(name)).as("se " + name).isCloseTo(se, within(tolerance));
  }
}
