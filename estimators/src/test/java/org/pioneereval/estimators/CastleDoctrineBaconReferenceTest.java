package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * bacondecomp vignette: {@code bacon(l_homicide ~ post, data = castle, id_var = "state", time_var =
 * "year")} and the TWFE {@code lm(l_homicide ~ post + factor(state) + factor(year))}
 * (reference/castle_doctrine/README.md).
 */
class CastleDoctrineBaconReferenceTest {
  private static final ReferenceTable DATA = ReferenceTable.load("castle_doctrine/data.csv");
  private static final ReferenceTable TWO_BY_TWO =
      ReferenceTable.load("castle_doctrine/bacon_2x2_recomputed.csv");

  static StaggeredPanel panel() {
    int[] state = DATA.codes("state");
    double[] year = DATA.numbers("year");
    double[] post = DATA.numbers("post");
    Map<Integer, Integer> first = new TreeMap<>();
    for (int i = 0; i < state.length; i++) {
      first.putIfAbsent(state[i], StaggeredPanel.NEVER_TREATED);
      if (post[i] == 1.0) {
        int current = first.get(state[i]);
        if (current == StaggeredPanel.NEVER_TREATED || year[i] < current) {
          first.put(state[i], (int) year[i]);
        }
      }
    }
    long[] ids = new long[state.length];
    int[] t = new int[state.length];
    int[] g = new int[state.length];
    for (int i = 0; i < state.length; i++) {
      ids[i] = state[i];
      t[i] = (int) year[i];
      g[i] = first.get(state[i]);
    }
    return StaggeredPanel.fromRows(ids, t, DATA.numbers("l_homicide"), g).build();
  }

  @Test
  void typeLevelWeightsAndAveragesMatchTheBacondecompVignette() {
    GoodmanBaconDecomposition.Result r = GoodmanBaconDecomposition.decompose(panel());
    var byType = r.byType();
    var earlier = byType.get(GoodmanBaconDecomposition.ComparisonType.EARLIER_VS_LATER_TREATED);
    var later = byType.get(GoodmanBaconDecomposition.ComparisonType.LATER_VS_EARLIER_TREATED);
    var never = byType.get(GoodmanBaconDecomposition.ComparisonType.TREATED_VS_NEVER_TREATED);
    assertThat(earlier.weight()).isCloseTo(0.0597633, within(5e-8));
    assertThat(earlier.averageEstimate()).isCloseTo(-0.00554198, within(5e-9));
    assertThat(later.weight()).isCloseTo(0.0318982, within(5e-8));
    assertThat(later.averageEstimate()).isCloseTo(0.07032063, within(5e-9));
    assertThat(never.weight()).isCloseTo(0.9083386, within(5e-8));
    assertThat(never.averageEstimate()).isCloseTo(0.08796249, within(5e-9));
    assertThat(byType).hasSize(3);
    assertThat(r.twfeEstimate()).isCloseTo(0.0818116169306475, within(1e-12));
    assertThat(r.exclusions()).isEmpty();
  }

  @Test
  void everyTwoByTwoMatchesTheRecomputedList() {
    GoodmanBaconDecomposition.Result r = GoodmanBaconDecomposition.decompose(panel());
    assertThat(r.comparisons()).hasSize(TWO_BY_TWO.size()).hasSize(25);
    for (int i = 0; i < TWO_BY_TWO.size(); i++) {
      int treated = (int) TWO_BY_TWO.number(i, "treated");
      String control = TWO_BY_TWO.string(i, "untreated");
      int comparison = control.equals("never") ? 0 : Integer.parseInt(control);
      GoodmanBaconDecomposition.Comparison c = r.comparison(treated, comparison);
      double estimate = TWO_BY_TWO.number(i, "estimate");
      double weight = TWO_BY_TWO.number(i, "weight");
      assertThat(c.estimate())
          .as("b %d vs %s", treated, control)
          .isCloseTo(estimate, within(1e-12));
      assertThat(c.weight()).as("s %d vs %s", treated, control).isCloseTo(weight, within(1e-12));
    }
    // "almost 60 percent of the weight: states treated in 2006 vs never treated"
    assertThat(r.comparison(2006, 0).weight()).isCloseTo(0.5923947, within(5e-8));
    assertThat(r.comparison(2006, 0).estimate()).isCloseTo(0.0682359, within(5e-8));
  }

  @Test
  void weightedSumEqualsTheTwoWayFixedEffectsRegression() {
    int[] state = DATA.codes("state");
    DidEstimate twfe =
        TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_FIXEST)
            .fit(
                PanelObservations.builder()
                    .outcome(DATA.numbers("l_homicide"))
                    .unit(state)
                    .time(DATA.codes("year"))
                    .treatment(DATA.numbers("post"))
                    .cluster(state)
                    .build());
    assertThat(twfe.estimate()).isCloseTo(0.0818116169, within(5e-11));
    assertThat(twfe.standardError()).isCloseTo(0.058874, within(5e-7));
    assertThat(GoodmanBaconDecomposition.decompose(panel()).twfeEstimate())
        .isCloseTo(twfe.estimate(), within(1e-12));
  }
}
