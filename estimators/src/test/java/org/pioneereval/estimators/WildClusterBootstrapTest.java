package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast (cluster-statistics) wild bootstrap equals a brute-force wild bootstrap that rebuilds
 * every bootstrap sample row by row and refits the whole TWFE model with the same multipliers.
 */
class WildClusterBootstrapTest {
  private static final int DRAWS = 199;

  /** Residuals of the TWFE model for {@code y - r d} without the treatment (null imposed). */
  private static double[] restrictedResiduals(PanelObservations obs, double r) {
    double[] y = obs.outcome().clone();
    for (int i = 0; i < y.length; i++) {
      y[i] -= r * obs.treatment()[i];
    }
    AbsorbedDesign design = AbsorbedDesign.of(obs, y, List.of(), List.of());
    double[] beta = LinearRegression.builder().build().fit(design.data()).coefficients();
    return residuals(design, beta);
  }

  private static double[] unrestrictedResiduals(PanelObservations obs) {
    AbsorbedDesign design = TwoWayFixedEffectsDid.design(obs);
    return residuals(design, LinearRegression.builder().build().fit(design.data()).coefficients());
  }

  private static double[] residuals(AbsorbedDesign design, double[] beta) {
    double[] u = design.outcome.clone();
    for (int j = 0; j < beta.length; j++) {
      for (int i = 0; i < u.length; i++) {
        u[i] -= design.columns[j][i] * beta[j];
      }
    }
    return u;
  }

  /** Brute force: y* = y + u (v_g - 1), refit TWFE with CR1 (Stata), t* = (b* - centre)/se*. */
  private static double[] bruteForce(
      PanelObservations obs, double[] u, double[][] v, double centre) {
    double[] t = new double[v.length];
    int[] cluster = obs.cluster();
    for (int b = 0; b < v.length; b++) {
      double[] ystar = obs.outcome().clone();
      for (int i = 0; i < ystar.length; i++) {
        ystar[i] += u[i] * (v[b][cluster[i]] - 1.0);
      }
      DidEstimate e =
          TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_STATA).fit(obs.withOutcome(ystar));
      t[b] = (e.estimate() - centre) / e.standardError();
    }
    return t;
  }

  private static double pValue(double[] tStar, double t) {
    long count = Arrays.stream(tStar).filter(x -> Math.abs(x) >= Math.abs(t)).count();
    return (double) count / tStar.length;
  }

  private static void assertSame(double[] fast, double[] brute) {
    assertThat(fast).hasSameSizeAs(brute);
    for (int b = 0; b < fast.length; b++) {
      assertThat(fast[b])
          .as("draw %d", b)
          .isCloseTo(brute[b], within(1e-10 * Math.max(1.0, Math.abs(brute[b]))));
    }
  }

  @Test
  void restrictedWebbBootstrapOnHospddEqualsBruteForce() {
    PanelObservations obs = HospddReferenceTest.observations();
    WildClusterBootstrap boot =
        WildClusterBootstrap.builder()
            .draws(DRAWS)
            .weights(BootstrapWeights.WEBB)
            .restricted()
            .seed(7)
            .build();
    double nullValue = 0.8;
    double[][] v = BootstrapWeights.WEBB.generate(7, DRAWS, 46);
    double[] brute = bruteForce(obs, restrictedResiduals(obs, nullValue), v, nullValue);
    assertSame(boot.bootstrapTStatistics(obs, nullValue), brute);

    BootstrapResult r = boot.test(obs, nullValue);
    DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_STATA).fit(obs);
    assertThat(r.estimate()).isCloseTo(e.estimate(), within(1e-12));
    assertThat(r.standardError()).isCloseTo(e.standardError(), within(1e-12));
    assertThat(r.pValue()).isEqualTo(pValue(brute, (e.estimate() - nullValue) / e.standardError()));
  }

  @Test
  void unrestrictedRademacherBootstrapOnWeightedUnbalancedPanelEqualsBruteForce() {
    PanelObservations obs = SimulatedPanels.sites(11, 14, 4, 3, 6, 3, 0.5, true, true);
    WildClusterBootstrap boot =
        WildClusterBootstrap.builder()
            .draws(DRAWS)
            .weights(BootstrapWeights.RADEMACHER)
            .unrestricted()
            .seed(3)
            .build();
    double[][] v = BootstrapWeights.RADEMACHER.generate(3, DRAWS, 14);
    DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_STATA).fit(obs);
    double[] brute = bruteForce(obs, unrestrictedResiduals(obs), v, e.estimate());
    assertSame(boot.bootstrapTStatistics(obs, 0.0), brute);
    assertThat(boot.test(obs).pValue()).isEqualTo(pValue(brute, e.tStatistic()));
  }

  @Test
  void restrictedBootstrapOnWeightedUnbalancedPanelEqualsBruteForce() {
    PanelObservations obs = SimulatedPanels.sites(12, 12, 3, 2, 5, 2, 0.0, true, true);
    WildClusterBootstrap boot =
        WildClusterBootstrap.builder().draws(DRAWS).weights(BootstrapWeights.WEBB).seed(5).build();
    double[][] v = BootstrapWeights.WEBB.generate(5, DRAWS, 12);
    assertSame(
        boot.bootstrapTStatistics(obs, 0.0), bruteForce(obs, restrictedResiduals(obs, 0.0), v, 0));
  }

  @Test
  void confidenceIntervalIsTheSetOfNullValuesNotRejected() {
    PanelObservations obs = HospddReferenceTest.observations();
    WildClusterBootstrap boot =
        WildClusterBootstrap.builder().draws(999).weights(BootstrapWeights.WEBB).seed(42).build();
    BootstrapResult r = boot.test(obs);
    assertThat(r.pValue()).isEqualTo(0.0);
    assertThat(r.ciLower()).isLessThan(r.estimate());
    assertThat(r.ciUpper()).isGreaterThan(r.estimate());
    double eps = 1e-6 * r.standardError();
    assertThat(boot.test(obs, r.ciLower() + eps).pValue()).isGreaterThanOrEqualTo(0.05);
    assertThat(boot.test(obs, r.ciLower() - eps).pValue()).isLessThan(0.05);
    assertThat(boot.test(obs, r.ciUpper() - eps).pValue()).isGreaterThanOrEqualTo(0.05);
    assertThat(boot.test(obs, r.ciUpper() + eps).pValue()).isLessThan(0.05);
    // with 46 clusters the bootstrap interval is close to the CR1 t interval [.7833, .9127]
    assertThat(r.ciLower()).isCloseTo(.7833108, within(0.02));
    assertThat(r.ciUpper()).isCloseTo(.912665, within(0.02));
  }

  @Test
  void sameSeedSameResult() {
    PanelObservations obs = SimulatedPanels.sites(13, 10, 3, 2, 5, 2, 0.0, false, false);
    WildClusterBootstrap boot = WildClusterBootstrap.builder().draws(499).seed(9).build();
    assertThat(boot.test(obs)).isEqualTo(boot.test(obs));
  }
}
