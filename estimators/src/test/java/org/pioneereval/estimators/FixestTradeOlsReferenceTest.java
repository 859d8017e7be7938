package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fixest standard-errors vignette: {@code feols(log(Euros) ~ log(dist_km) | Destination + Origin +
 * Product + Year, trade)} with two-way clustered SEs (reference/fixest_trade/README.md), through
 * the existing absorber ({@link AbsorbedDesign}: alternating projections over four fixed-effect
 * sets) and {@link LinearRegression} with {@link VarianceType#CR1_FIXEST}. LinearRegression has no
 * two-way clustering, so the test combines three one-way fits (by Origin, by Destination, by Origin
 * x Destination) into the Cameron-Gelbach-Miller two-way variance: each fit's sandwich is recovered
 * by dividing out its own factor {@code G/(G-1) (N-1)/(N-K)}, and fixest's factor {@code
 * G_min/(G_min-1) (N-1)/(N-K)} is applied to {@code V_A + V_B - V_AB}.
 */
class FixestTradeOlsReferenceTest {
  private static final ReferenceTable DATA = ReferenceTable.load("fixest_trade/data.csv");
  private static final String LOG_DIST = "log(dist_km)";

  private static RegressionResult fitClusteredBy(int[] cluster) {
    double[] euros = DATA.numbers("Euros");
    double[] dist = DATA.numbers("dist_km");
    double[] logEuros = new double[euros.length];
    double[] logDist = new double[euros.length];
    for (int i = 0; i < euros.length; i++) {
      logEuros[i] = Math.log(euros[i]);
      logDist[i] = Math.log(dist[i]);
    }
    PanelObservations obs =
        PanelObservations.builder()
            .outcome(logEuros)
            .unit(DATA.codes("Destination"))
            .time(DATA.codes("Origin"))
            .fixedEffect("Product", DATA.codes("Product"))
            .fixedEffect("Year", DATA.codes("Year"))
            .cluster(cluster)
            .build();
    return AbsorbedDesign.of(obs, logEuros, List.of(LOG_DIST), List.of(logDist))
        .fit(VarianceType.CR1_FIXEST);
  }

  /** The plain sandwich B M B of a one-way CR1_FIXEST fit (its small-sample factor removed). */
  private static double sandwich(RegressionResult r) {
    long n = r.nObservations();
    int g = r.nClusters();
    double factor = g / (g - 1.0) * (n - 1.0) / (n - r.parameterCount());
    return r.vcov()[0][0] / factor;
  }

  @Test
  void gravityOlsWithFourFixedEffectsMatchesFeolsTwoWay() {
    int[] origin = DATA.codes("Origin");
    int[] destination = DATA.codes("Destination");
    int[] pair = new int[origin.length];
    for (int i = 0; i < pair.length; i++) {
      pair[i] = origin[i] * 15 + destination[i];
    }
    RegressionResult byOrigin = fitClusteredBy(origin);
    RegressionResult byDestination = fitClusteredBy(destination);
    RegressionResult byPair = fitClusteredBy(PanelObservations.recode(pair));

    assertThat(byOrigin.coefficient(LOG_DIST)).isCloseTo(-2.16988, within(5e-6));
    // full precision of the REFERENCE.md recomputation (lm with 58 dummies)
    assertThat(byOrigin.coefficient(LOG_DIST)).isCloseTo(-2.169875976219, within(2.2e-6));
    // K = 58 parameters; Origin (15) is nested in the Origin clusters, Destination in its own
    assertThat(byOrigin.parameterCount()).isEqualTo(44);
    assertThat(byDestination.parameterCount()).isEqualTo(44);
    assertThat(byPair.parameterCount()).isEqualTo(58);
    assertThat(byPair.nClusters()).isEqualTo(210);

    double meat = sandwich(byOrigin) + sandwich(byDestination) - sandwich(byPair);
    long n = byOrigin.nObservations();
    // two-way K leaves out both nested sets: 58 - 14 - 14 = 30; G_min = 15
    int k = byOrigin.parameterCount() + byDestination.parameterCount() - 58;
    assertThat(k).isEqualTo(30);
    double fixestSe = Math.sqrt(meat * 15.0 / 14.0 * (n - 1.0) / (n - k));
    assertThat(fixestSe).isCloseTo(0.171367, within(5e-7));
    // summary(gravity, vcov = "twoway", ssc = ssc(adj = FALSE, cluster.adj = FALSE))
    assertThat(Math.sqrt(meat)).isCloseTo(0.165494, within(5e-7));
  }
}
