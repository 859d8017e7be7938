package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * R {@code did} on mpdta (reference/mpdta/README.md): {@code att_gt(yname = "lemp", gname =
 * "first.treat", idname = "countyreal", tname = "year", bstrap = FALSE)} and {@code aggte(...,
 * bstrap = FALSE)}: point estimates from the did README, analytic SEs of did 2.3.0, the pre-test
 * p-value 0.16812; with covariate lpop, Stata {@code csdid ..., method(dripw)}.
 */
class MpdtaCallawaySantAnnaReferenceTest {
  static final ReferenceTable DATA = ReferenceTable.load("mpdta/data.csv");

  private static final int[][] CELLS = {
    {2004, 2004}, {2004, 2005}, {2004, 2006}, {2004, 2007},
    {2006, 2004}, {2006, 2005}, {2006, 2006}, {2006, 2007},
    {2007, 2004}, {2007, 2005}, {2007, 2006}, {2007, 2007}
  };
  // did 2.3.0, bstrap = FALSE (REFERENCE.md B), 8 decimals
  private static final double[] ATT = {
    -0.01050325, -0.07042316, -0.13725874, -0.10081136, 0.00652011, -0.00275082,
    -0.00459461, -0.04122447, 0.03050666, -0.00272589, -0.03108712, -0.02605441
  };
  // analytic SEs sqrt(mean(IF^2)/n) (REFERENCE.md recomputation 3), 6 decimals
  private static final double[] SE = {
    0.023251, 0.030985, 0.036436, 0.034359, 0.023327, 0.019559,
    0.017755, 0.020229, 0.015034, 0.016396, 0.017878, 0.016655
  };

  static StaggeredPanel.Builder panelBuilder() {
    double[] year = DATA.numbers("year");
    double[] id = DATA.numbers("countyreal");
    double[] g = DATA.numbers("first_treat");
    long[] ids = new long[year.length];
    int[] t = new int[year.length];
    int[] gi = new int[year.length];
    for (int i = 0; i < year.length; i++) {
      ids[i] = (long) id[i];
      t[i] = (int) year[i];
      gi[i] = (int) g[i];
    }
    return StaggeredPanel.fromRows(ids, t, DATA.numbers("lemp"), gi);
  }

  /** lpop per unit (time-invariant; units sorted by county id as fromRows orders them). */
  static double[] lpopByUnit() {
    double[] id = DATA.numbers("countyreal");
    double[] lpop = DATA.numbers("lpop");
    java.util.TreeMap<Long, Double> byId = new java.util.TreeMap<>();
    for (int i = 0; i < id.length; i++) {
      byId.putIfAbsent((long) id[i], lpop[i]);
    }
    return byId.values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  static GroupTimeEffects unconditional() {
    return CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults())
        .fit(panelBuilder().build());
  }

  static void assertRelative(double actual, double expected, double relative, String what) {
    assertThat(actual).as(what).isCloseTo(expected, within(Math.abs(expected) * relative));
  }

  @Test
  void allTwelveGroupTimeEffectsAndAnalyticStandardErrorsMatchDid() {
    GroupTimeEffects r = unconditional();
    assertThat(r.effects()).hasSize(12);
    assertThat(r.unitCount()).isEqualTo(500);
    assertThat(r.exclusions()).isEmpty();
    for (int k = 0; k < CELLS.length; k++) {
      GroupTimeEffect e = r.effect(CELLS[k][0], CELLS[k][1]);
      String cell = "ATT(" + CELLS[k][0] + "," + CELLS[k][1] + ")";
      assertThat(e.att()).as(cell).isCloseTo(ATT[k], within(5.1e-9));
      assertThat(e.standardError()).as("SE " + cell).isCloseTo(SE[k], within(5.1e-7));
      assertThat(e.postTreatment()).isEqualTo(CELLS[k][1] >= CELLS[k][0]);
      assertThat(e.comparisonUnits()).isEqualTo(309);
    }
    assertThat(r.effect(2004, 2004).att()).isCloseTo(-0.0105032462, within(5e-11));
    assertThat(r.effect(2006, 2004).basePeriod()).isEqualTo(2003);
    assertThat(r.effect(2006, 2007).basePeriod()).isEqualTo(2005);
    assertThat(r.effect(2007, 2004).treatedUnits()).isEqualTo(131);
    assertThat(r.parameters().comparisonGroup()).isEqualTo(ComparisonGroup.NEVER_TREATED);
  }

  @Test
  void preTestOfParallelTrendsMatchesTheDidReadme() {
    ChiSquaredTest w = unconditional().preTrendTest();
    assertThat(w.degreesOfFreedom()).isEqualTo(5);
    assertRelative(w.statistic(), 7.791237, 1e-6, "Wald statistic");
    assertThat(w.pValue()).isCloseTo(0.16812, within(5e-6));
  }

  @Test
  void simpleAggregationMatchesDidAnalyticSe() {
    AggregatedEffects a = unconditional().aggregate(Aggregation.SIMPLE);
    assertRelative(a.overallAtt(), -0.0399512752, 1e-6, "simple ATT");
    assertRelative(a.overallStandardError(), 0.0120340128, 1e-6, "simple SE");
    assertThat(a.effects()).isEmpty();
    assertThat(a.source().parameters().basePeriod()).isEqualTo(BasePeriod.VARYING);
  }

  @Test
  void groupAggregationMatchesDid() {
    AggregatedEffects a = unconditional().aggregate(Aggregation.GROUP);
    assertRelative(a.overallAtt(), -0.0310182822, 1e-6, "group ATT");
    assertRelative(a.overallStandardError(), 0.0124460593, 1e-6, "group SE");
    double[] att = {-0.0797491266, -0.0229095392, -0.0260544107};
    double[] se = {0.0263678, 0.0167033, 0.0166554};
    int[] groups = {2004, 2006, 2007};
    for (int i = 0; i < 3; i++) {
      assertRelative(a.effect(groups[i]).att(), att[i], 1e-6, "group " + groups[i]);
      assertThat(a.effect(groups[i]).standardError()).isCloseTo(se[i], within(5.1e-8));
    }
  }

  @Test
  void dynamicAggregationMatchesDid() {
    AggregatedEffects a = unconditional().aggregate(Aggregation.DYNAMIC);
    assertRelative(a.overallAtt(), -0.0772398215, 1e-6, "dynamic ATT");
    assertRelative(a.overallStandardError(), 0.0199649891, 1e-6, "dynamic SE");
    double[] att = {
      0.0305066556,
      -0.0005630846,
      -0.0244587450,
      -0.0199318168,
      -0.0509573671,
      -0.1372587389,
      -0.1008113631
    };
    double[] se = {0.0150336, 0.0132916, 0.0142364, 0.0118264, 0.0168935, 0.0364357, 0.0343592};
    assertThat(a.effects()).hasSize(7);
    for (int e = -3; e <= 3; e++) {
      assertRelative(a.effect(e).att(), att[e + 3], 1e-6, "e=" + e);
      assertThat(a.effect(e).standardError()).as("se e=" + e).isCloseTo(se[e + 3], within(5.1e-8));
    }
  }

  @Test
  void calendarAggregationMatchesDid() {
    AggregatedEffects a = unconditional().aggregate(Aggregation.CALENDAR);
    assertRelative(a.overallAtt(), -0.0417004321, 1e-6, "calendar ATT");
    assertRelative(a.overallStandardError(), 0.0159718519, 1e-6, "calendar SE");
    assertThat(a.effects())
        .extracting(AggregatedEffect::key)
        .containsExactly(2004, 2005, 2006, 2007);
    assertThat(a.effect(2004).att()).isCloseTo(-0.01050325, within(5.1e-9));
  }

  @Test
  void balancedEventWindowKeepsOnlyCohortsObservedLongEnough() {
    // balance_e = 1: cohorts with at least one post period after adoption (2004, 2006); 2007 is out
    AggregatedEffects a = unconditional().aggregateDynamic(EventTimeWindow.balanced(1));
    GroupTimeEffects r = unconditional();
    double p2004 = 20.0 / 60.0;
    double p2006 = 40.0 / 60.0;
    double e0 = p2004 * r.effect(2004, 2004).att() + p2006 * r.effect(2006, 2006).att();
    double e1 = p2004 * r.effect(2004, 2005).att() + p2006 * r.effect(2006, 2007).att();
    assertThat(a.effects()).extracting(AggregatedEffect::key).containsExactly(-2, -1, 0, 1);
    assertThat(a.effect(0).att()).isCloseTo(e0, within(1e-15));
    assertThat(a.overallAtt()).isCloseTo((e0 + e1) / 2, within(1e-15));
    assertThat(a.window().balanceEventTime()).isEqualTo(1);
  }

  @Test
  void doublyRobustWithLpopMatchesCsdid() {
    GroupTimeEffects r =
        CallawaySantAnna.withParameters(
                CallawaySantAnnaParameters.builder()
                    .method(EstimationMethod.DOUBLY_ROBUST)
                    .covariate("lpop")
                    .build())
            .fit(panelBuilder().covariate("lpop", lpopByUnit()).build());
    // csdid prints 7 significant digits
    assertThat(r.effect(2004, 2004).att()).isCloseTo(-0.0145297, within(5.1e-8));
    assertThat(r.effect(2004, 2004).standardError()).isCloseTo(0.0221292, within(5.1e-8));
    AggregatedEffects simple = r.aggregate(Aggregation.SIMPLE);
    assertThat(simple.overallAtt()).isCloseTo(-0.0417518, within(5.1e-8));
    assertThat(simple.overallStandardError()).isCloseTo(0.0115028, within(5.1e-8));
    AggregatedEffects group = r.aggregate(Aggregation.GROUP);
    assertThat(group.effect(2004).att()).isCloseTo(-0.0845759, within(5.1e-8));
    assertThat(group.effect(2004).standardError()).isCloseTo(0.0245649, within(5.1e-8));
    assertThat(group.effect(2006).att()).isCloseTo(-0.0201666, within(5.1e-8));
    assertThat(group.effect(2006).standardError()).isCloseTo(0.0174696, within(5.1e-8));
    assertThat(group.effect(2007).att()).isCloseTo(-0.0287814, within(5.1e-8));
    assertThat(group.effect(2007).standardError()).isCloseTo(0.016239, within(5.1e-7));
    AggregatedEffects dyn = r.aggregate(Aggregation.DYNAMIC);
    double[] att = {
      0.0267278, -0.0036165, -0.023244, -0.0210604, -0.0530032, -0.1404483, -0.1069039
    };
    double[] se = {0.0140657, 0.0129283, 0.0144851, 0.0114942, 0.0163465, 0.0353782, 0.0328865};
    for (int e = -3; e <= 3; e++) {
      assertThat(dyn.effect(e).att()).as("e=" + e).isCloseTo(att[e + 3], within(5.1e-8));
      assertThat(dyn.effect(e).standardError())
          .as("se e=" + e)
          .isCloseTo(se[e + 3], within(5.1e-8));
    }
    ChiSquaredTest pre = r.preTrendTest();
    assertThat(pre.statistic()).isCloseTo(6.8418, within(5.1e-5));
    assertThat(pre.pValue()).isCloseTo(0.2327, within(5.1e-5));
  }
}
