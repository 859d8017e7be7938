package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.glm.GlmVariance;
import org.pioneereval.estimators.glm.PoissonData;
import org.pioneereval.estimators.glm.PoissonParameters;
import org.pioneereval.estimators.glm.PoissonRegression;
import org.pioneereval.estimators.glm.PoissonResult;

/**
 * fixest 0.12.2 vignettes on its {@code trade} data (reference/fixest_trade/README.md): the PPML
 * gravity model {@code fepois(Euros ~ log(dist_km) | Origin + Destination + Product + Year)} with
 * three clusterings, its fixed effects and fit statistics, the model without fixed effects (which
 * needs fixest's IRLS path: scores at the last step's weights) and the stepwise fixed-effect table.
 */
class FixestTradePpmlReferenceTest {
  private static final ReferenceTable DATA = ReferenceTable.load("fixest_trade/data.csv");
  private static final String LOG_DIST = "log(dist_km)";
  private static final GlmVariance BY_ORIGIN = GlmVariance.clustered("Origin");
  private static final GlmVariance TWO_WAY = GlmVariance.twoWayClustered("Origin", "Destination");
  private static final GlmVariance BY_PRODUCT = GlmVariance.clustered("Product");
  private static final PoissonParameters PARAMETERS =
      PoissonParameters.builder()
          .variance(BY_ORIGIN)
          .variance(TWO_WAY)
          .variance(BY_PRODUCT)
          .build();
  private static final String[] COUNTRIES = {"AT", "BE", "DE", "DK", "ES"};

  private static double[] logDistance() {
    double[] d = DATA.numbers("dist_km");
    double[] out = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = Math.log(d[i]);
    }
    return out;
  }

  private static final String[] GROUPS = {"Origin", "Destination", "Product", "Year"};
  private static final java.util.Map<String, int[]> CODES = new java.util.HashMap<>();

  static {
    for (String v : GROUPS) {
      CODES.put(v, DATA.codes(v));
    }
  }

  /** The fixed effects among Year, Destination, Origin, Product; the rest become clusters. */
  private static PoissonData data(String... fixedEffects) {
    PoissonData.Builder b =
        PoissonData.builder().outcome(DATA.numbers("Euros")).regressor(LOG_DIST, logDistance());
    java.util.List<String> fe = java.util.List.of(fixedEffects);
    for (String v : GROUPS) {
      if (fe.contains(v)) {
        b.fixedEffect(v, CODES.get(v));
      } else {
        b.cluster(v, CODES.get(v));
      }
    }
    return b.build();
  }

  private static final PoissonResult FOUR_FE =
      PoissonRegression.withParameters(PARAMETERS)
          .fit(data("Origin", "Destination", "Product", "Year"));

  private static PoissonResult fourFixedEffects() {
    return FOUR_FE;
  }

  @Test
  void gravityPoissonWithFourFixedEffectsMatchesFepois() {
    PoissonResult r = fourFixedEffects();
    assertThat(r.observations()).isEqualTo(38_325);
    assertThat(r.observationsDropped()).isZero();
    assertThat(r.dropped()).isEmpty();
    assertThat(r.coefficientNames()).containsExactly(LOG_DIST);
    assertThat(r.coefficient(LOG_DIST)).isCloseTo(-1.52787, within(5e-6));
    // full precision of the REFERENCE.md recomputation (glm with 58 dummies, epsilon 1e-12)
    assertThat(r.coefficient(LOG_DIST)).isCloseTo(-1.527874371486, within(1.6e-6));
    assertThat(r.standardError(LOG_DIST, BY_ORIGIN)).isCloseTo(0.115678, within(5e-7));
    assertThat(r.standardError(LOG_DIST, TWO_WAY)).isCloseTo(0.130734, within(5e-7));
    assertThat(r.standardError(LOG_DIST, BY_PRODUCT)).isCloseTo(0.098294, within(5e-7));
    // t printed by fixest: -13.208 (Origin), -11.6869 (two-way), -15.544 (Product)
    assertThat(r.zStatistic(LOG_DIST, BY_ORIGIN)).isCloseTo(-13.208, within(5e-4));
    assertThat(r.zStatistic(LOG_DIST, TWO_WAY)).isCloseTo(-11.6869, within(5e-5));
    assertThat(r.zStatistic(LOG_DIST, BY_PRODUCT)).isCloseTo(-15.544, within(5e-4));
  }

  @Test
  void parameterCountsFollowFixestNestedRule() {
    PoissonResult r = fourFixedEffects();
    // nparams = 1 + (15 + 15 + 20 + 10) - 3 = 58; minus (size - 1) per FE nested in a cluster
    assertThat(r.parameterCount()).isEqualTo(58);
    assertThat(r.variance(BY_ORIGIN).parameterCount()).isEqualTo(44);
    assertThat(r.variance(TWO_WAY).parameterCount()).isEqualTo(30);
    assertThat(r.variance(BY_PRODUCT).parameterCount()).isEqualTo(39);
    assertThat(r.variance(TWO_WAY).clusters()).isEqualTo(15);
    assertThat(r.variance(BY_PRODUCT).clusters()).isEqualTo(20);
  }

  @Test
  void fitStatisticsMatchFepois() {
    PoissonResult r = fourFixedEffects();
    assertThat(r.logLikelihood()).isCloseTo(-7.025e11, within(5e7));
    assertThat(r.squaredCorrelation()).isCloseTo(0.612021, within(5e-7));
    assertThat(r.adjustedPseudoR2()).isCloseTo(0.764032, within(5e-7));
  }

  @Test
  void yearFixedEffectsMatchFixefToNineDecimals() {
    double[] year = fourFixedEffects().fixedEffect("Year");
    double[] published = {
      0.000000000,
      0.069122284,
      0.005225473,
      0.073308208,
      0.163013386,
      0.192605170,
      0.230629376,
      0.242605404,
      0.282800683,
      0.310325692
    };
    assertThat(year).hasSize(10);
    for (int t = 0; t < published.length; t++) {
      assertThat(year[t]).as("Year %d", 2007 + t).isCloseTo(published[t], within(5e-10));
    }
  }

  @Test
  void productDestinationAndOriginFixedEffectsMatchSummaryFixef() {
    PoissonResult r = fourFixedEffects();
    double[] product = r.fixedEffect("Product");
    assertThat(product[0]).isZero();
    assertThat(product[1]).isCloseTo(1.414, within(5e-4));
    assertThat(product[2]).isCloseTo(0.6562, within(5e-5));
    assertThat(product[3]).isCloseTo(1.449, within(5e-4));
    assertThat(product[4]).isCloseTo(-1.521, within(5e-4));
    // fixest's Destination reference is not AT, so only differences (and Origin + Destination)
    // are comparable: printed to 4 significant digits
    double[] dest = r.fixedEffect("Destination");
    double[] origin = r.fixedEffect("Origin");
    double[] pubDest = {2.436, 2.696, 4.323, 2.451, 4.043};
    double[] pubOrigin = {22.51, 23.56, 24.71, 23.44, 24.97};
    for (int c = 1; c < COUNTRIES.length; c++) {
      assertThat(dest[c] - dest[0])
          .as("Destination %s - AT", COUNTRIES[c])
          .isCloseTo(pubDest[c] - pubDest[0], within(1e-3));
      assertThat(origin[c] - origin[0])
          .as("Origin %s - AT", COUNTRIES[c])
          .isCloseTo(pubOrigin[c] - pubOrigin[0], within(1e-2));
    }
    for (int c = 0; c < COUNTRIES.length; c++) {
      assertThat(origin[c] + dest[c])
          .as("Origin + Destination %s", COUNTRIES[c])
          .isCloseTo(pubOrigin[c] + pubDest[c], within(5.5e-3));
    }
  }

  @Test
  void withoutFixedEffectsSesNeedFixestsLastIterationWeights() {
    PoissonResult r =
        PoissonRegression.withParameters(PARAMETERS).fit(data(/* no fixed effects */ ));
    assertThat(r.iterations()).isEqualTo(6);
    assertThat(r.coefficientNames()).containsExactly(PoissonData.INTERCEPT, LOG_DIST);
    assertThat(r.coefficient(PoissonData.INTERCEPT)).isCloseTo(24.70889, within(5e-6));
    assertThat(r.coefficient(LOG_DIST)).isCloseTo(-1.02896, within(5e-6));
    assertThat(r.standardError(PoissonData.INTERCEPT, TWO_WAY)).isCloseTo(1.124768, within(5e-7));
    assertThat(r.standardError(LOG_DIST, TWO_WAY)).isCloseTo(0.158022, within(5e-7));
    assertThat(r.standardError(PoissonData.INTERCEPT, BY_PRODUCT))
        .isCloseTo(0.330044, within(5e-7));
    assertThat(r.standardError(LOG_DIST, BY_PRODUCT)).isCloseTo(0.045954, within(5e-7));
    // printed t: 21.96798 and -6.51145 (two-way), 74.8654 and -22.3909 (Product)
    assertThat(r.zStatistic(PoissonData.INTERCEPT, TWO_WAY)).isCloseTo(21.96798, within(5e-5));
    assertThat(r.zStatistic(LOG_DIST, TWO_WAY)).isCloseTo(-6.51145, within(5e-5));
    assertThat(r.zStatistic(PoissonData.INTERCEPT, BY_PRODUCT)).isCloseTo(74.8654, within(5e-4));
    assertThat(r.zStatistic(LOG_DIST, BY_PRODUCT)).isCloseTo(-22.3909, within(5e-4));
    assertThat(r.pValue(LOG_DIST, TWO_WAY)).isCloseTo(7.4429e-11, within(5e-15));
    assertThat(r.logLikelihood()).isCloseTo(-2.426e12, within(5e8));
    assertThat(r.adjustedPseudoR2()).isCloseTo(0.185023, within(5e-7));
    assertThat(r.squaredCorrelation()).isCloseTo(0.055107, within(5e-7));
    assertThat(r.variance(TWO_WAY).parameterCount()).isEqualTo(2);
  }

  @Test
  void stepwiseFixedEffectsTableMatchesEtable() {
    PoissonParameters twoWay = PoissonParameters.builder().variance(TWO_WAY).build();
    PoissonResult none = PoissonRegression.withParameters(twoWay).fit(data());
    assertThat(none.coefficient(PoissonData.INTERCEPT)).isCloseTo(24.71, within(5e-3));
    assertThat(none.standardError(PoissonData.INTERCEPT)).isCloseTo(1.125, within(5e-4));
    assertThat(none.coefficient(LOG_DIST)).isCloseTo(-1.029, within(5e-4));
    assertThat(none.standardError(LOG_DIST)).isCloseTo(0.1580, within(5e-5));
    assertThat(none.squaredCorrelation()).isCloseTo(0.05511, within(5e-6));
    assertThat(none.pseudoR2()).isCloseTo(0.18502, within(5e-6));

    String[][] steps = {{"Year"}, {"Year", "Destination"}, {"Year", "Destination", "Origin"}};
    double[] b = {-1.029, -1.226, -1.518};
    double[] se = {0.1581, 0.2045, 0.1282};
    double[] sqCor = {0.05711, 0.16420, 0.38479};
    double[] pseudo = {0.18833, 0.35826, 0.59312};
    for (int s = 0; s < steps.length; s++) {
      PoissonResult r = PoissonRegression.withParameters(twoWay).fit(data(steps[s]));
      String label = String.join("+", steps[s]);
      assertThat(r.coefficient(LOG_DIST)).as(label).isCloseTo(b[s], within(5e-4));
      assertThat(r.standardError(LOG_DIST)).as(label).isCloseTo(se[s], within(5e-5));
      assertThat(r.squaredCorrelation()).as(label).isCloseTo(sqCor[s], within(5e-6));
      assertThat(r.pseudoR2()).as(label).isCloseTo(pseudo[s], within(5e-6));
      // REFERENCE.md: K = 11 in all three (nested Destination and Origin are not counted)
      assertThat(r.variance(TWO_WAY).parameterCount()).as(label).isEqualTo(11);
    }
  }
}
