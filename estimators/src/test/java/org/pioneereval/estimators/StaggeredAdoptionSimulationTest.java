package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Simulated staggered adoption with dynamic effects {@code 1 + 0.5 e} (e = periods since adoption):
 * cohorts adopting in periods 3, 5 and 7 of 8, plus never-treated units; unit and period effects
 * and N(0, 0.5^2) noise. TWFE's single coefficient is pulled far below every true effect by the
 * "later vs earlier treated" comparisons; Callaway-Sant'Anna and Sun-Abraham recover the truth.
 */
class StaggeredAdoptionSimulationTest {
  private static final int PERIODS = 8;
  private static final int[] COHORT = {3, 5, 7, StaggeredPanel.NEVER_TREATED};
  private static final int[] COHORT_SIZE = {400, 300, 200, 300};

  /** Wide panel; covariateTrend adds {@code covariateTrend * x * t} to the outcome. */
  static StaggeredPanel simulate(long seed, double covariateTrend) {
    Random random = new Random(seed);
    int n = 0;
    for (int s : COHORT_SIZE) {
      n += s;
    }
    double[][] y = new double[n][PERIODS];
    int[] g = new int[n];
    double[] x = new double[n];
    double[] periodEffect = new double[PERIODS];
    for (int t = 0; t < PERIODS; t++) {
      periodEffect[t] = 0.3 * t + random.nextGaussian();
    }
    int u = 0;
    for (int c = 0; c < COHORT.length; c++) {
      for (int k = 0; k < COHORT_SIZE[c]; k++) {
        g[u] = COHORT[c];
        // treated cohorts have higher x: with an x-specific trend, unconditional DiD is biased
        x[u] = random.nextGaussian() + (COHORT[c] == StaggeredPanel.NEVER_TREATED ? 0.0 : 1.0);
        double unitEffect = random.nextGaussian() + x[u];
        for (int t = 0; t < PERIODS; t++) {
          int period = t + 1;
          double effect =
              g[u] != StaggeredPanel.NEVER_TREATED && period >= g[u]
                  ? 1.0 + 0.5 * (period - g[u])
                  : 0.0;
          y[u][t] =
              unitEffect
                  + periodEffect[t]
                  + covariateTrend * x[u] * period
                  + effect
                  + 0.5 * random.nextGaussian();
        }
        u++;
      }
    }
    int[] periods = new int[PERIODS];
    for (int t = 0; t < PERIODS; t++) {
      periods[t] = t + 1;
    }
    return StaggeredPanel.builder()
        .periods(periods)
        .outcomes(y)
        .firstTreated(g)
        .covariate("x", x)
        .build();
  }

  /** The same panel in long form for the regression estimators. */
  static PanelObservations longForm(StaggeredPanel panel, int[] cohortCodes) {
    int n = panel.unitCount();
    int m = n * PERIODS;
    double[] y = new double[m];
    int[] unit = new int[m];
    int[] time = new int[m];
    double[] d = new double[m];
    int[] g = panel.firstTreated();
    for (int u = 0; u < n; u++) {
      for (int t = 0; t < PERIODS; t++) {
        int i = u * PERIODS + t;
        y[i] = panel.outcome(u, t);
        unit[i] = u;
        time[i] = t;
        d[i] = g[u] != StaggeredPanel.NEVER_TREATED && t + 1 >= g[u] ? 1.0 : 0.0;
        cohortCodes[i] = g[u] == StaggeredPanel.NEVER_TREATED ? SunAbraham.NEVER_TREATED : g[u] - 1;
      }
    }
    return PanelObservations.builder()
        .outcome(y)
        .unit(unit)
        .time(time)
        .treatment(d)
        .cluster(unit)
        .build();
  }

  /** True ATT averaged over treated unit-periods (every unit-period of a cohort counts once). */
  static double trueAverageEffect() {
    double sum = 0.0;
    double count = 0.0;
    for (int c = 0; c < 3; c++) {
      for (int period = COHORT[c]; period <= PERIODS; period++) {
        sum += COHORT_SIZE[c] * (1.0 + 0.5 * (period - COHORT[c]));
        count += COHORT_SIZE[c];
      }
    }
    return sum / count;
  }

  @Test
  void twfeIsBiasedWhileCallawaySantAnnaAndSunAbrahamRecoverDynamicEffects() {
    StaggeredPanel panel = simulate(20260101L, 0.0);
    int[] cohortCodes = new int[panel.unitCount() * PERIODS];
    PanelObservations obs = longForm(panel, cohortCodes);
    double truth = trueAverageEffect(); // 2.0 (simple ATT over treated unit-periods)
    assertThat(truth).isCloseTo(2.0, within(1e-12));

    // TWFE: 1.277 here, a bias of -0.72 (-36%) against the true 2.0; the later-vs-earlier 2x2s
    // (weight 0.26) average 0.03 because the earlier cohort's growing effect is differenced out.
    // CS simple ATT: 1.953 (SE 0.029); SA ATT: 1.953 (SE 0.028).
    double twfe = TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_FIXEST).fit(obs).estimate();
    assertThat(twfe - truth).isLessThan(-0.5);
    GoodmanBaconDecomposition.Result bacon = GoodmanBaconDecomposition.decompose(panel);
    assertThat(bacon.twfeEstimate()).isCloseTo(twfe, within(1e-10));
    assertThat(
            bacon
                .byType()
                .get(GoodmanBaconDecomposition.ComparisonType.LATER_VS_EARLIER_TREATED)
                .averageEstimate())
        .isLessThan(0.5);

    // Callaway-Sant'Anna: simple ATT and every event time within 0.1 of the truth (SEs ~ 0.03)
    GroupTimeEffects cs =
        CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults()).fit(panel);
    AggregatedEffects simple = cs.aggregate(Aggregation.SIMPLE);
    assertThat(simple.overallAtt()).isCloseTo(truth, within(0.1));
    assertThat(simple.overallStandardError()).isLessThan(0.05);
    AggregatedEffects dynamic = cs.aggregate(Aggregation.DYNAMIC);
    for (int e = 0; e <= 5; e++) {
      assertThat(dynamic.effect(e).att()).as("CS e=%d", e).isCloseTo(1.0 + 0.5 * e, within(0.1));
    }
    for (int e = -5; e < 0; e++) {
      assertThat(dynamic.effect(e).att()).as("CS placebo e=%d", e).isCloseTo(0.0, within(0.1));
    }
    assertThat(cs.preTrendTest().pValue()).isGreaterThan(0.01);

    // Sun-Abraham on the same data: event-time effects within 0.1, overall ATT within 0.1
    SunAbrahamResult sa = SunAbraham.withVariance(VarianceType.CR1_FIXEST).fit(obs, cohortCodes);
    for (EventStudyCoefficient c : sa.eventTimeEffects()) {
      double expected = c.eventTime() >= 0 ? 1.0 + 0.5 * c.eventTime() : 0.0;
      assertThat(c.estimate()).as("SA e=%d", c.eventTime()).isCloseTo(expected, within(0.1));
    }
    assertThat(sa.att().estimate()).isCloseTo(truth, within(0.1));

    // not-yet-treated comparisons and a universal base period also recover the truth
    GroupTimeEffects nyt =
        CallawaySantAnna.withParameters(
                CallawaySantAnnaParameters.builder()
                    .comparisonGroup(ComparisonGroup.NOT_YET_TREATED)
                    .basePeriod(BasePeriod.UNIVERSAL)
                    .build())
            .fit(panel);
    AggregatedEffects nytDynamic = nyt.aggregate(Aggregation.DYNAMIC);
    assertThat(nytDynamic.effect(-1).att()).isEqualTo(0.0);
    assertThat(nytDynamic.effect(-1).standardError()).isNaN();
    for (int e = 0; e <= 5; e++) {
      assertThat(nytDynamic.effect(e).att())
          .as("NYT e=%d", e)
          .isCloseTo(1.0 + 0.5 * e, within(0.1));
    }
    // cohort 3 in period 4 compares with never-treated plus cohorts 5 and 7
    assertThat(nyt.effect(3, 4).comparisonUnits()).isEqualTo(800);
    assertThat(nyt.effect(3, 6).comparisonUnits()).isEqualTo(500);
  }

  @Test
  void covariateSpecificTrendsBiasUnconditionalDidButNotRegIpwOrDr() {
    StaggeredPanel panel = simulate(7L, 0.3);
    double truth = trueAverageEffect();
    double unconditional =
        CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults())
            .fit(panel)
            .aggregate(Aggregation.SIMPLE)
            .overallAtt();
    // treated units have x higher by 1 on average, so their trend is 0.3 per period steeper
    assertThat(unconditional - truth).isGreaterThan(0.5);
    for (EstimationMethod method : EstimationMethod.values()) {
      GroupTimeEffects r =
          CallawaySantAnna.withParameters(
                  CallawaySantAnnaParameters.builder().method(method).covariate("x").build())
              .fit(panel);
      AggregatedEffects simple = r.aggregate(Aggregation.SIMPLE);
      assertThat(simple.overallAtt()).as("%s", method).isCloseTo(truth, within(0.1));
      assertThat(simple.overallStandardError()).as("%s se", method).isBetween(0.01, 0.1);
      assertThat(r.parameters().method()).isEqualTo(method);
    }
  }

  @Test
  void multiplierBootstrapIsSeededAndCloseToAnalyticStandardErrors() {
    GroupTimeEffects cs =
        CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults())
            .fit(simulate(11L, 0.0));
    AggregatedEffects dynamic = cs.aggregate(Aggregation.DYNAMIC);
    MultiplierBootstrap boot = MultiplierBootstrap.of(999, 42L, 0.95);
    UniformBands a = boot.bands(dynamic);
    UniformBands b = boot.bands(dynamic);
    assertThat(a.standardErrors()).containsExactly(b.standardErrors());
    assertThat(a.criticalValue()).isEqualTo(b.criticalValue());
    // sup-t critical value for 13 correlated event times: above the pointwise 1.96, below
    // Bonferroni
    assertThat(a.criticalValue()).isBetween(1.96, 3.2);
    for (int k = 0; k < dynamic.effects().size(); k++) {
      double analytic = dynamic.effects().get(k).standardError();
      assertThat(a.standardErrors()[k]).isCloseTo(analytic, within(0.15 * analytic));
      assertThat(a.lower(k)).isLessThan(dynamic.effects().get(k).att());
    }
    UniformBands cells = boot.bands(cs);
    assertThat(cells.estimates()).hasSize(cs.effects().size());
  }
}
