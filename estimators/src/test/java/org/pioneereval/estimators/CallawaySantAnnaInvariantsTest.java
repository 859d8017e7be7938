package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Named invariants and argument errors of the staggered-adoption estimators. */
class CallawaySantAnnaInvariantsTest {
  private static final int[] PERIODS = {2003, 2004, 2005, 2006, 2007};

  /** mpdta plus {@code extra} always-treated units (first treated 2003) with arbitrary outcomes. */
  private static StaggeredPanel mpdtaWithAlwaysTreated(int extra) {
    StaggeredPanel base = MpdtaCallawaySantAnnaReferenceTest.panelBuilder().build();
    int n = base.unitCount();
    double[][] y = new double[n + extra][];
    int[] g = new int[n + extra];
    for (int u = 0; u < n; u++) {
      y[u] = new double[PERIODS.length];
      for (int p = 0; p < PERIODS.length; p++) {
        y[u][p] = base.outcome(u, p);
      }
      g[u] = base.firstTreatedOf(u);
    }
    for (int u = n; u < n + extra; u++) {
      y[u] = new double[] {100.0 + u, -3.0 * u, 7.0, u * u, 0.5};
      g[u] = 2003;
    }
    return StaggeredPanel.builder().periods(PERIODS).outcomes(y).firstTreated(g).build();
  }

  @Test
  void outputIsInvariantToAlwaysTreatedUnitsWhichAreDroppedAndReported() {
    GroupTimeEffects plain = MpdtaCallawaySantAnnaReferenceTest.unconditional();
    GroupTimeEffects withAlways =
        CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults())
            .fit(mpdtaWithAlwaysTreated(25));
    assertThat(withAlways.unitCount()).isEqualTo(500);
    assertThat(withAlways.effects()).isEqualTo(plain.effects());
    assertThat(withAlways.exclusions())
        .containsExactly(
            new Exclusion(
                Exclusion.Reason.ALWAYS_TREATED,
                2003,
                0,
                25,
                "treated by the first period 2003: no pre-treatment period; units dropped"));
    for (Aggregation type : Aggregation.values()) {
      AggregatedEffects a = plain.aggregate(type);
      AggregatedEffects b = withAlways.aggregate(type);
      assertThat(b.overallAtt()).as("%s", type).isEqualTo(a.overallAtt());
      assertThat(b.overallStandardError()).as("%s", type).isEqualTo(a.overallStandardError());
      assertThat(b.effects()).isEqualTo(a.effects());
    }
    assertThat(withAlways.preTrendTest()).isEqualTo(plain.preTrendTest());
  }

  @Test
  void inputsAreNotMutated() {
    double[][] y = {
      {1, 2, 3, 4, 5}, {2, 2, 3, 5, 8}, {0, 1, 1, 2, 2}, {3, 3, 4, 4, 6}, {1, 0, 2, 1, 3}
    };
    int[] g = {2005, 2005, 0, 0, 2003};
    double[] w = {1, 2, 1, 3, 1};
    double[][] yCopy = Arrays.stream(y).map(double[]::clone).toArray(double[][]::new);
    int[] gCopy = g.clone();
    double[] wCopy = w.clone();
    StaggeredPanel panel =
        StaggeredPanel.builder().periods(PERIODS).outcomes(y).firstTreated(g).weights(w).build();
    y[0][0] = 99; // the panel holds a copy
    GroupTimeEffects r =
        CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults()).fit(panel);
    r.aggregate(Aggregation.DYNAMIC);
    GoodmanBaconDecomposition.decompose(panel);
    y[0][0] = yCopy[0][0];
    assertThat(y).isDeepEqualTo(yCopy);
    assertThat(g).containsExactly(gCopy);
    assertThat(w).containsExactly(wCopy);
    assertThat(panel.firstTreated()).containsExactly(gCopy);
    // weighted 2x2: (w-weighted mean change of cohort 2005) - (w-weighted mean change of never)
    double treated = (1 * (3 - 2) + 2 * (3 - 2)) / 3.0;
    double never = (1 * (1 - 1) + 3 * (4 - 3)) / 4.0;
    assertThat(r.effect(2005, 2005).att()).isCloseTo(treated - never, within(1e-14));
  }

  @Test
  void smallCellsAndMissingComparisonsAreReportedNotSilent() {
    GroupTimeEffects r =
        CallawaySantAnna.withParameters(
                CallawaySantAnnaParameters.builder().minimumCellSize(25).build())
            .fit(MpdtaCallawaySantAnnaReferenceTest.panelBuilder().build());
    // cohort 2004 has 20 counties: all four of its cells are below 25 and reported
    assertThat(r.effects()).noneMatch(e -> e.group() == 2004).hasSize(8);
    assertThat(r.exclusions())
        .hasSize(4)
        .allMatch(x -> x.reason() == Exclusion.Reason.CELL_BELOW_MINIMUM_SIZE && x.group() == 2004)
        .allMatch(x -> x.detail().equals("20 treated and 309 comparison units, minimum 25"));

    // not-yet-treated without never-treated units: the last cohort becomes the comparison
    StaggeredPanel noNever =
        StaggeredPanel.builder()
            .periods(PERIODS)
            .outcomes(new double[][] {{1, 2, 3, 4, 5}, {2, 3, 5, 6, 7}, {0, 1, 2, 4, 5}})
            .firstTreated(new int[] {2004, 2006, 2007})
            .build();
    GroupTimeEffects nyt =
        CallawaySantAnna.withParameters(
                CallawaySantAnnaParameters.builder()
                    .comparisonGroup(ComparisonGroup.NOT_YET_TREATED)
                    .build())
            .fit(noNever);
    assertThat(nyt.periods()).containsExactly(2003, 2004, 2005, 2006);
    assertThat(nyt.exclusions())
        .extracting(Exclusion::reason)
        .containsExactly(Exclusion.Reason.LAST_COHORT_USED_AS_COMPARISON);
    // cohort 2006 in 2006: cohort 2004 is treated and 2007 is the comparison
    assertThat(nyt.effect(2006, 2006).comparisonUnits()).isEqualTo(1);
    assertThat(nyt.effect(2006, 2006).att()).isCloseTo((6 - 5) - (4 - 2), within(1e-14));
  }

  @Test
  void argumentErrorsSayWhatWhyAndHowToFix() {
    StaggeredPanel noNever =
        StaggeredPanel.builder()
            .periods(PERIODS)
            .outcomes(new double[][] {{1, 2, 3, 4, 5}, {2, 3, 5, 6, 7}})
            .firstTreated(new int[] {2004, 2006})
            .build();
    assertThatThrownBy(
            () ->
                CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults()).fit(noNever))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("There are no never-treated units")
        .hasMessageContaining("use ComparisonGroup.NOT_YET_TREATED");
    assertThatThrownBy(() -> CallawaySantAnnaParameters.builder().anticipation(-1).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("anticipation = -1 is negative")
        .hasMessageContaining("pass 0 (no anticipation)");
    assertThatThrownBy(
            () ->
                CallawaySantAnna.withParameters(
                        CallawaySantAnnaParameters.builder().covariate("lpop").build())
                    .fit(noNever))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Covariate 'lpop' is not in the panel")
        .hasMessageContaining("add it with covariate(name, values)");
    assertThatThrownBy(
            () ->
                StaggeredPanel.fromRows(
                    new long[] {7, 7, 8},
                    new int[] {1, 2, 1},
                    new double[] {1, 2, 3},
                    new int[] {0, 0, 0}))
        .isInstanceOf(EstimationException.class)
        .hasMessage(
            "Unit 8 has 1 of the 2 periods: group-time effects are computed here on a balanced"
                + " panel (one outcome per unit and period); drop units with missing periods or"
                + " impute them before estimation");
    assertThatThrownBy(
            () ->
                StaggeredPanel.fromRows(
                    new long[] {7, 7}, new int[] {1, 2}, new double[] {1, 2}, new int[] {2, 0}))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Unit 7 has first-treated periods 2 and 0")
        .hasMessageContaining("0 for never treated");
    assertThatThrownBy(() -> MultiplierBootstrap.of(10, 1L, 0.95))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("use at least 99");
  }

  @Test
  void anticipationMovesTheBasePeriodBack() {
    GroupTimeEffects r =
        CallawaySantAnna.withParameters(
                CallawaySantAnnaParameters.builder().anticipation(1).build())
            .fit(MpdtaCallawaySantAnnaReferenceTest.panelBuilder().build());
    // cohort 2004 treated by 2003 + 1 anticipation period: dropped as always treated
    assertThat(r.exclusions())
        .extracting(Exclusion::reason)
        .containsExactly(Exclusion.Reason.ALWAYS_TREATED);
    assertThat(r.exclusions().get(0).units()).isEqualTo(20);
    assertThat(r.effect(2006, 2006).basePeriod()).isEqualTo(2004);
    assertThat(r.effect(2007, 2007).basePeriod()).isEqualTo(2005);
    assertThat(r.unitCount()).isEqualTo(480);
  }

  /**
   * On a balanced panel with never-treated units and no covariates, Sun and Abraham's saturated
   * regression (reference period -1) estimates each cohort's effect at e against period g-1 and the
   * never-treated, exactly CS's ATT(g, g+e) with a varying base period; both weight cohorts by
   * their size. So SA's ATT equals CS's simple ATT: the pipeline's report shows the same number for
   * both by construction, not because a column is reused (investigated for issue #5's demo).
   */
  @Test
  void sunAbrahamAttEqualsTheSimpleAggregationOnABalancedPanel() {
    StaggeredPanel panel = MpdtaCallawaySantAnnaReferenceTest.panelBuilder().build();
    int n = panel.unitCount();
    int t = panel.periodCount();
    double[] y = new double[n * t];
    int[] unit = new int[n * t];
    int[] time = new int[n * t];
    int[] cohort = new int[n * t];
    for (int u = 0; u < n; u++) {
      for (int p = 0; p < t; p++) {
        int i = u * t + p;
        y[i] = panel.outcome(u, p);
        unit[i] = u;
        time[i] = p;
        int g = panel.firstTreatedOf(u);
        cohort[i] = g == StaggeredPanel.NEVER_TREATED ? SunAbraham.NEVER_TREATED : g - PERIODS[0];
      }
    }
    PanelObservations obs =
        PanelObservations.builder().outcome(y).unit(unit).time(time).cluster(unit).build();
    SunAbrahamResult sa = SunAbraham.withVariance(VarianceType.CR1_FIXEST).fit(obs, cohort);
    GroupTimeEffects cs = MpdtaCallawaySantAnnaReferenceTest.unconditional();
    // did's simple ATT of mpdta (reference/mpdta)
    assertThat(sa.att().estimate()).isCloseTo(-0.0399512752, within(5e-11));
    assertThat(sa.att().estimate())
        .isCloseTo(cs.aggregate(Aggregation.SIMPLE).overallAtt(), within(1e-12));
    assertThat(sa.cohortEffect(2006 - PERIODS[0], 1).estimate()) // cohorts as period codes
        .isCloseTo(cs.effect(2006, 2007).att(), within(1e-12));
  }
}
