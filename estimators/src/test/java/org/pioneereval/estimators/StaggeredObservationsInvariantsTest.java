package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Named invariants of {@link CallawaySantAnna#fit(StaggeredObservations)}: on a balanced panel the
 * unbalanced-panel path gives the panel path's effects for every estimation method (and, without
 * covariates, its standard errors); row order does not matter; always-treated rows are dropped and
 * reported; empty cells are reported; argument errors say how to fix them.
 */
class StaggeredObservationsInvariantsTest {
  private static final ReferenceTable MPDTA = MpdtaCallawaySantAnnaReferenceTest.DATA;

  /** mpdta in long form; {@code order} permutes the rows. */
  private static StaggeredObservations.Builder mpdtaRows(int[] order, boolean withIds) {
    double[] y = MPDTA.numbers("lemp");
    double[] year = MPDTA.numbers("year");
    double[] g = MPDTA.numbers("first_treat");
    double[] id = MPDTA.numbers("countyreal");
    double[] lpop = MPDTA.numbers("lpop");
    int n = y.length;
    double[] yy = new double[n];
    int[] t = new int[n];
    int[] gg = new int[n];
    long[] ids = new long[n];
    double[] x = new double[n];
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      int i = order[k];
      yy[k] = y[i];
      t[k] = (int) year[i];
      gg[k] = (int) g[i];
      ids[k] = (long) id[i];
      x[k] = lpop[i];
      w[k] = 1.0 + (ids[k] % 3); // a unit-level weight
    }
    StaggeredObservations.Builder b =
        StaggeredObservations.builder()
            .outcomes(yy)
            .periods(t)
            .firstTreated(gg)
            .covariate("lpop", x)
            .weights(w);
    return withIds ? b.unitIds(ids) : b;
  }

  private static int[] identity(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) {
      o[i] = i;
    }
    return o;
  }

  /** The same weights on the balanced panel (units ordered by county id, as fromRows does). */
  private static StaggeredPanel weightedPanel() {
    StaggeredPanel base = MpdtaCallawaySantAnnaReferenceTest.panelBuilder().build();
    long[] ids = base.unitIds();
    double[] w = new double[ids.length];
    for (int u = 0; u < ids.length; u++) {
      w[u] = 1.0 + (ids[u] % 3);
    }
    return MpdtaCallawaySantAnnaReferenceTest.panelBuilder()
        .weights(w)
        .covariate("lpop", MpdtaCallawaySantAnnaReferenceTest.lpopByUnit())
        .build();
  }

  @Test
  void onABalancedPanelTheUnbalancedPathGivesThePanelEffectsAndStandardErrors() {
    StaggeredObservations rows = mpdtaRows(identity(2500), true).build();
    CallawaySantAnna cs = CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults());
    GroupTimeEffects unbalanced = cs.fit(rows);
    GroupTimeEffects panel = cs.fit(weightedPanel());
    assertThat(unbalanced.design()).isEqualTo(SamplingDesign.UNBALANCED_PANEL);
    assertThat(panel.design()).isEqualTo(SamplingDesign.BALANCED_PANEL);
    assertThat(unbalanced.unitCount()).isEqualTo(500);
    assertThat(unbalanced.effects()).hasSize(12);
    for (int k = 0; k < 12; k++) {
      GroupTimeEffect a = unbalanced.effects().get(k);
      GroupTimeEffect b = panel.effects().get(k);
      assertThat(a.group()).isEqualTo(b.group());
      assertThat(a.period()).isEqualTo(b.period());
      assertThat(a.att()).as("ATT %d/%d", a.group(), a.period()).isCloseTo(b.att(), within(1e-12));
      assertThat(a.standardError()).isCloseTo(b.standardError(), within(1e-12));
      assertThat(a.treatedUnits()).isEqualTo(b.treatedUnits());
      assertThat(a.comparisonUnits()).isEqualTo(b.comparisonUnits());
    }
    for (Aggregation type : Aggregation.values()) {
      assertThat(unbalanced.aggregate(type).overallStandardError())
          .as("%s", type)
          .isCloseTo(panel.aggregate(type).overallStandardError(), within(1e-12));
    }
    assertThat(unbalanced.preTrendTest().statistic())
        .isCloseTo(panel.preTrendTest().statistic(), within(1e-9));
  }

  @Test
  void unweightedBalancedMpdtaThroughTheUnbalancedPathReproducesTheDidNumbers() {
    double[] year = MPDTA.numbers("year");
    double[] g = MPDTA.numbers("first_treat");
    StaggeredObservations rows =
        StaggeredObservations.builder()
            .outcomes(MPDTA.numbers("lemp"))
            .periods(CallawaySantAnnaRepeatedCrossSectionsReferenceTest.ints(year))
            .firstTreated(CallawaySantAnnaRepeatedCrossSectionsReferenceTest.ints(g))
            .unitIds(
                CallawaySantAnnaRepeatedCrossSectionsReferenceTest.longs(
                    MPDTA.numbers("countyreal")))
            .build();
    AggregatedEffects simple =
        CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults())
            .fit(rows)
            .aggregate(Aggregation.SIMPLE);
    // did 2.3.0, bstrap = FALSE (reference/mpdta)
    assertThat(simple.overallAtt()).isCloseTo(-0.0399512752, within(5e-11));
    assertThat(simple.overallStandardError()).isCloseTo(0.0120340128, within(5e-11));
  }

  @Test
  void withTimeInvariantCovariatesEveryMethodsEffectsEqualThePanelOnes() {
    // the stacked rows repeat each unit's covariate, so every regression and the logit have the
    // panel's coefficients
    for (EstimationMethod m : EstimationMethod.values()) {
      CallawaySantAnna cs =
          CallawaySantAnna.withParameters(
              CallawaySantAnnaParameters.builder().method(m).covariate("lpop").build());
      GroupTimeEffects unbalanced = cs.fit(mpdtaRows(identity(2500), true).build());
      GroupTimeEffects panel = cs.fit(weightedPanel());
      for (int k = 0; k < 12; k++) {
        assertThat(unbalanced.effects().get(k).att())
            .as("%s cell %d", m, k)
            .isCloseTo(panel.effects().get(k).att(), within(1e-9));
      }
    }
  }

  @Test
  void rowOrderDoesNotChangeAnyEffectOrStandardError() {
    int[] order = identity(2500);
    Random random = new Random(5);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    CallawaySantAnna cs =
        CallawaySantAnna.withParameters(
            CallawaySantAnnaParameters.builder().covariate("lpop").build());
    for (boolean ids : new boolean[] {true, false}) {
      GroupTimeEffects a = cs.fit(mpdtaRows(identity(2500), ids).build());
      GroupTimeEffects b = cs.fit(mpdtaRows(order, ids).build());
      for (int k = 0; k < a.effects().size(); k++) {
        assertThat(b.effects().get(k).att()).isCloseTo(a.effects().get(k).att(), within(1e-10));
        assertThat(b.effects().get(k).standardError())
            .isCloseTo(a.effects().get(k).standardError(), within(1e-10));
      }
      assertThat(b.aggregate(Aggregation.DYNAMIC).overallStandardError())
          .isCloseTo(a.aggregate(Aggregation.DYNAMIC).overallStandardError(), within(1e-10));
    }
  }

  @Test
  void alwaysTreatedObservationsAreDroppedAndReported() {
    StaggeredObservations plain = mpdtaRows(identity(2500), false).build();
    int extra = 30;
    double[] y = new double[2500 + extra];
    int[] t = new int[2500 + extra];
    int[] g = new int[2500 + extra];
    for (int i = 0; i < 2500; i++) {
      y[i] = plain.outcome(i);
      t[i] = plain.periodOf(i);
      g[i] = plain.firstTreatedOf(i);
    }
    for (int i = 2500; i < y.length; i++) {
      y[i] = 50.0 + i;
      t[i] = 2003 + i % 5;
      g[i] = 2003;
    }
    CallawaySantAnna cs = CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults());
    GroupTimeEffects withAlways =
        cs.fit(StaggeredObservations.builder().outcomes(y).periods(t).firstTreated(g).build());
    GroupTimeEffects without =
        cs.fit(
            StaggeredObservations.builder()
                .outcomes(java.util.Arrays.copyOf(y, 2500))
                .periods(java.util.Arrays.copyOf(t, 2500))
                .firstTreated(java.util.Arrays.copyOf(g, 2500))
                .build());
    assertThat(withAlways.unitCount()).isEqualTo(2500);
    assertThat(withAlways.effects()).isEqualTo(without.effects());
    assertThat(withAlways.exclusions())
        .containsExactly(
            new Exclusion(
                Exclusion.Reason.ALWAYS_TREATED,
                2003,
                0,
                30,
                "treated by the first period 2003: no pre-treatment period; observations"
                    + " dropped"));
  }

  @Test
  void aCellWhoseCohortIsNotObservedInItsBasePeriodIsReported() {
    // a survey in which cohort 3 was not sampled in period 1: its placebo ATT(3,2) (base 1) goes
    Random random = new Random(3);
    int n = 400;
    double[] y = new double[n];
    int[] t = new int[n];
    int[] g = new int[n];
    int k = 0;
    while (k < n) {
      int period = 1 + random.nextInt(4);
      int cohort = random.nextBoolean() ? 0 : 3;
      if (cohort == 3 && period == 1) {
        continue;
      }
      t[k] = period;
      g[k] = cohort;
      y[k] = random.nextGaussian() + (cohort == 3 && period >= 3 ? 1.0 : 0.0);
      k++;
    }
    GroupTimeEffects r =
        CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults())
            .fit(StaggeredObservations.builder().outcomes(y).periods(t).firstTreated(g).build());
    assertThat(r.effects()).extracting(GroupTimeEffect::period).containsExactly(3, 4);
    assertThat(r.effect(3, 4).basePeriod()).isEqualTo(2);
    assertThat(r.exclusions())
        .extracting(Exclusion::reason, Exclusion::period, Exclusion::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Exclusion.Reason.NO_TREATED_OBSERVATIONS,
                2,
                "no observation of cohort 3 in period 1"));
  }

  @Test
  void aUnitWhoseWeightChangesBetweenRowsIsAnError() {
    assertThatThrownBy(
            () ->
                StaggeredObservations.builder()
                    .outcomes(new double[] {1, 2, 3})
                    .periods(new int[] {1, 2, 1})
                    .firstTreated(new int[] {0, 0, 2})
                    .unitIds(new long[] {7, 7, 8})
                    .weights(new double[] {1.0, 2.0, 1.0})
                    .build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Unit 7 has weight 1.0 on one row and 2.0 on another")
        .hasMessageContaining("pass the same value on every row of the unit");
    assertThatThrownBy(
            () ->
                StaggeredObservations.builder()
                    .outcomes(new double[] {1, 2})
                    .periods(new int[] {1, 1})
                    .firstTreated(new int[] {0, 0})
                    .unitIds(new long[] {7, 7})
                    .build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Unit 7 has more than one row for period 1");
  }
}
