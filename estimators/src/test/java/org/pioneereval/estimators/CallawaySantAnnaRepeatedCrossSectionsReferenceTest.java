package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Callaway and Sant'Anna on repeated cross-sections and unbalanced panels against
 * reference/cs_repeated_cross_sections (README.md there): DRDID's own numeric regression lock of
 * {@code drdid_rc}, {@code std_ipw_did_rc}, {@code reg_did_rc}, and every ATT(g,t), analytic SE,
 * aggregation and pre-test of an independent base-R implementation of did {@code att_gt(panel =
 * FALSE)} / {@code allow_unbalanced_panel = TRUE} (reference_att_gt_rc.R) on mpdta treated as
 * repeated cross-sections (n = 2,500 observations), mpdta with 15% of county-years removed (n = 500
 * counties) and a simulated weighted survey with a time-varying covariate (n = 6,000 respondents).
 */
class CallawaySantAnnaRepeatedCrossSectionsReferenceTest {
  private static final String FOLDER = "cs_repeated_cross_sections/";
  private static final double RELATIVE = 1e-8;

  /** One reference case of reference_att_gt_rc.R. */
  record Case(
      String name,
      String data,
      String outcome,
      String period,
      String cohort,
      String unit,
      String weight,
      String covariate,
      EstimationMethod method,
      ComparisonGroup comparison,
      BasePeriod base,
      int anticipation) {

    CallawaySantAnnaParameters parameters() {
      CallawaySantAnnaParameters.Builder b =
          CallawaySantAnnaParameters.builder()
              .method(method)
              .comparisonGroup(comparison)
              .basePeriod(base)
              .anticipation(anticipation);
      if (covariate != null) {
        b.covariate(covariate);
      }
      return b.build();
    }

    StaggeredObservations observations() {
      ReferenceTable t = ReferenceTable.load(data);
      StaggeredObservations.Builder b =
          StaggeredObservations.builder()
              .outcomes(t.numbers(outcome))
              .periods(ints(t.numbers(period)))
              .firstTreated(ints(t.numbers(cohort)));
      if (unit != null) {
        b.unitIds(longs(t.numbers(unit)));
      }
      if (weight != null) {
        b.weights(t.numbers(weight));
      }
      if (covariate != null) {
        b.covariate(covariate, t.numbers(covariate));
      }
      return b.build();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String MPDTA = "mpdta/data.csv";
  private static final String UNBALANCED = FOLDER + "mpdta_unbalanced.csv";
  private static final String SIMULATED = FOLDER + "simulated_rcs.csv";

  static Stream<Case> cases() {
    EstimationMethod dr = EstimationMethod.DOUBLY_ROBUST;
    ComparisonGroup never = ComparisonGroup.NEVER_TREATED;
    ComparisonGroup notYet = ComparisonGroup.NOT_YET_TREATED;
    BasePeriod varying = BasePeriod.VARYING;
    return Stream.of(
        mpdta("mpdta_rcs_dr", null, dr, never, BasePeriod.VARYING),
        mpdta("mpdta_rcs_notyet_universal", null, dr, notYet, BasePeriod.UNIVERSAL),
        mpdta("mpdta_rcs_lpop_dr", "lpop", dr, never, varying),
        mpdta(
            "mpdta_rcs_lpop_ipw",
            "lpop",
            EstimationMethod.INVERSE_PROBABILITY_WEIGHTING,
            never,
            varying),
        mpdta("mpdta_rcs_lpop_reg", "lpop", EstimationMethod.REGRESSION, never, varying),
        new Case(
            "mpdta_unbalanced_dr",
            UNBALANCED,
            "lemp",
            "year",
            "first_treat",
            "countyreal",
            null,
            null,
            dr,
            never,
            varying,
            0),
        new Case(
            "mpdta_unbalanced_lpop_dr",
            UNBALANCED,
            "lemp",
            "year",
            "first_treat",
            "countyreal",
            null,
            "lpop",
            dr,
            never,
            varying,
            0),
        simulated("simulated_weighted_dr", "age", dr, never, 0),
        simulated(
            "simulated_weighted_ipw",
            "age",
            EstimationMethod.INVERSE_PROBABILITY_WEIGHTING,
            never,
            0),
        simulated("simulated_weighted_reg_notyet", "age", EstimationMethod.REGRESSION, notYet, 0),
        simulated("simulated_anticipation_dr", null, dr, never, 1));
  }

  private static Case mpdta(
      String name, String x, EstimationMethod m, ComparisonGroup c, BasePeriod b) {
    return new Case(name, MPDTA, "lemp", "year", "first_treat", null, null, x, m, c, b, 0);
  }

  private static Case simulated(
      String name, String x, EstimationMethod m, ComparisonGroup c, int anticipation) {
    return new Case(
        name,
        SIMULATED,
        "y",
        "wave",
        "cohort",
        null,
        "weight",
        x,
        m,
        c,
        BasePeriod.VARYING,
        anticipation);
  }

  static int[] ints(double[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  static long[] longs(double[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (long) v[i];
    }
    return out;
  }

  private static void assertClose(double actual, double expected, String what) {
    assertThat(actual).as(what).isCloseTo(expected, within(RELATIVE * Math.abs(expected) + 1e-14));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyGroupTimeEffectAndStandardErrorMatchesTheReference(Case c) {
    GroupTimeEffects r = CallawaySantAnna.withParameters(c.parameters()).fit(c.observations());
    ReferenceTable expected = ReferenceTable.load(FOLDER + "expected_att_gt.csv");
    int cells = 0;
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.string(i, "case").equals(c.name())) {
        continue;
      }
      cells++;
      assertThat(r.unitCount()).isEqualTo((int) expected.number(i, "n"));
      int g = (int) expected.number(i, "group");
      int t = (int) expected.number(i, "time");
      GroupTimeEffect e = r.effect(g, t);
      String cell = c.name() + " ATT(" + g + "," + t + ")";
      assertThat(e.basePeriod()).as(cell).isEqualTo((int) expected.number(i, "base"));
      assertClose(e.att(), expected.number(i, "att"), cell);
      if (expected.isMissing(i, "se")) {
        assertThat(e.standardError()).as("SE " + cell).isNaN();
      } else {
        assertClose(e.standardError(), expected.number(i, "se"), "SE " + cell);
      }
    }
    assertThat(r.effects()).hasSize(cells);
    assertThat(r.exclusions()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aggregationsAndPreTestMatchTheReference(Case c) {
    GroupTimeEffects r = CallawaySantAnna.withParameters(c.parameters()).fit(c.observations());
    ReferenceTable expected = ReferenceTable.load(FOLDER + "expected_aggregations.csv");
    Map<Aggregation, AggregatedEffects> aggregations = new TreeMap<>();
    for (Aggregation a : Aggregation.values()) {
      aggregations.put(a, r.aggregate(a));
    }
    ChiSquaredTest preTest = r.preTrendTest();
    int checked = 0;
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.string(i, "case").equals(c.name())) {
        continue;
      }
      String type = expected.string(i, "type");
      String key = expected.string(i, "key");
      String what = c.name() + " " + type + " " + key;
      double att = expected.number(i, "att");
      if (type.equals("PRE_TEST")) {
        assertClose(key.equals("statistic") ? preTest.statistic() : preTest.pValue(), att, what);
        checked++;
        continue;
      }
      AggregatedEffects a = aggregations.get(Aggregation.valueOf(type));
      double actualAtt;
      double actualSe;
      if (key.equals("overall")) {
        actualAtt = a.overallAtt();
        actualSe = a.overallStandardError();
      } else {
        AggregatedEffect e = a.effect(Integer.parseInt(key));
        actualAtt = e.att();
        actualSe = e.standardError();
      }
      assertClose(actualAtt, att, what);
      if (expected.isMissing(i, "se")) {
        assertThat(actualSe).as("SE " + what).isNaN();
      } else {
        assertClose(actualSe, expected.number(i, "se"), "SE " + what);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void mpdtaAsRepeatedCrossSectionsKeepsThePanelPointEstimateWithALargerSe() {
    Case c = cases().filter(x -> x.name().equals("mpdta_rcs_dr")).findFirst().orElseThrow();
    GroupTimeEffects r = CallawaySantAnna.withParameters(c.parameters()).fit(c.observations());
    AggregatedEffects simple = r.aggregate(Aggregation.SIMPLE);
    // the did README's point estimate; levels differ far more between counties than changes do
    assertThat(simple.overallAtt()).isCloseTo(-0.0399512752, within(5e-11));
    assertThat(simple.overallStandardError()).isCloseTo(0.162099949577545, within(1e-12));
    assertThat(r.design()).isEqualTo(SamplingDesign.REPEATED_CROSS_SECTIONS);
    assertThat(r.unitCount()).isEqualTo(2500);
    assertThat(r.effect(2004, 2004).treatedUnits()).isEqualTo(40); // 20 counties x 2 years
  }

  /** DRDID tests/testthat/test_regression_lock.R, SE = sd(IF) sqrt(n - 1)/n. */
  @Test
  void twoByTwoEstimatorsReproduceDrdidsNumericRegressionLock() {
    ReferenceTable t = ReferenceTable.load(FOLDER + "drdid_lock_data.csv");
    double[] y = t.numbers("y");
    double[] postValues = t.numbers("post");
    double[] d = t.numbers("d");
    double[] x1 = t.numbers("x1");
    double[] x2 = t.numbers("x2");
    int n = y.length;
    boolean[] post = new boolean[n];
    double[][] x = new double[n][];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      post[i] = postValues[i] == 1.0;
      x[i] = new double[] {1.0, x1[i], x2[i]};
      w[i] = 1.0;
    }
    Object[][] lock = {
      {EstimationMethod.DOUBLY_ROBUST, 0.8186719766, 0.1331289343},
      {EstimationMethod.INVERSE_PROBABILITY_WEIGHTING, 0.6780615210, 0.1925907969},
      {EstimationMethod.REGRESSION, 0.8694663521, 0.1682145937}
    };
    List<String> checked = new ArrayList<>();
    for (Object[] row : lock) {
      EstimationMethod m = (EstimationMethod) row[0];
      DrDidRepeatedCrossSection.Result r = DrDidRepeatedCrossSection.estimate(m, y, post, d, x, w);
      assertThat(r.att()).as("ATT " + m).isCloseTo((double) row[1], within(5e-11));
      double mean = 0.0;
      for (double v : r.influence()) {
        mean += v / n;
      }
      double ss = 0.0;
      for (double v : r.influence()) {
        ss += (v - mean) * (v - mean);
      }
      double se = Math.sqrt(ss / (n - 1)) * Math.sqrt(n - 1.0) / n;
      assertThat(se).as("SE " + m).isCloseTo((double) row[2], within(5e-11));
      checked.add(m.name());
    }
    assertThat(checked).hasSize(3);
  }
}
