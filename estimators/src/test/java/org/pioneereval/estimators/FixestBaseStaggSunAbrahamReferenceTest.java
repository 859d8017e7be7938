package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fixest walkthrough vignette: {@code feols(y ~ x1 + sunab(year_treated, year) | id + year,
 * base_stagg)}, SEs clustered by id (reference/fixest_base_stagg/README.md).
 */
class FixestBaseStaggSunAbrahamReferenceTest {
  private static final ReferenceTable DATA = ReferenceTable.load("fixest_base_stagg/data.csv");

  // etable(res_sa20, agg = FALSE): relative period, cohort (year), estimate, SE (4 decimals)
  private static final double[][] CELLS = {
    {-9, 10, 0.3518, 0.3591},
    {-8, 9, 0.0339, 0.4714},
    {-8, 10, -0.1919, 0.3529},
    {-7, 8, -0.5894, 0.7369},
    {-7, 9, 0.8730, 0.4934},
    {-7, 10, 0.0195, 0.6034},
    {-6, 7, -0.0421, 0.8657},
    {-6, 8, -0.6576, 0.5733},
    {-6, 9, 0.8777, 0.5333},
    {-6, 10, -0.4036, 0.3474},
    {-5, 6, -0.6580, 0.9134},
    {-5, 7, -0.3170, 0.6979},
    {-5, 8, -0.2382, 0.4697},
    {-5, 9, 0.3015, 0.6042},
    {-5, 10, -0.5648, 0.4632},
    {-4, 5, -0.9835, 0.6345},
    {-4, 6, 0.3604, 0.8583}
  };

  static PanelObservations observations(double[] y) {
    int[] id = DATA.codes("id");
    return PanelObservations.builder()
        .outcome(y)
        .unit(id)
        .time(DATA.codes("year"))
        .cluster(id)
        .covariate("x1", DATA.numbers("x1"))
        .build();
  }

  /** Cohort as a period code: year_treated - 1 (years 1..10 are codes 0..9); 10000 = never. */
  static int[] cohorts() {
    double[] g = DATA.numbers("year_treated");
    int[] c = new int[g.length];
    for (int i = 0; i < g.length; i++) {
      c[i] = g[i] > 1000 ? SunAbraham.NEVER_TREATED : (int) g[i] - 1;
    }
    return c;
  }

  static SunAbrahamResult fit() {
    return SunAbraham.withVariance(VarianceType.CR1_FIXEST)
        .fit(observations(DATA.numbers("y")), cohorts());
  }

  @Test
  void attAggregationMatchesFixest() {
    SunAbrahamResult r = fit();
    SunAbrahamResult.WeightedEffect att = r.att();
    assertThat(att.estimate()).isCloseTo(-1.133749, within(5e-7));
    assertThat(att.standardError()).isCloseTo(0.205070, within(5e-7));
    assertThat(att.tStatistic()).isCloseTo(-5.52858, within(5e-6));
    assertThat(att.pValue()).isCloseTo(2.882e-07, within(5e-11));
    assertThat(r.regression().coefficient("x1")).isCloseTo(0.994678, within(5e-7));
    assertThat(r.regression().standardError("x1")).isCloseTo(0.018378, within(5e-7));
    assertThat(r.regression().degreesOfFreedom()).isEqualTo(94.0);
    assertThat(r.exclusions()).isEmpty();
  }

  @Test
  void disaggregatedCohortCellsMatchTheFixestTable() {
    SunAbrahamResult r = fit();
    for (double[] c : CELLS) {
      // cohort year -> code year - 1
      SunAbrahamResult.CohortEffect e = r.cohortEffect((int) c[1] - 1, (int) c[0]);
      assertThat(e.estimate())
          .as("cell %s", java.util.Arrays.toString(c))
          .isCloseTo(c[2], within(5e-5));
      assertThat(e.standardError())
          .as("se %s", java.util.Arrays.toString(c))
          .isCloseTo(c[3], within(5e-5));
      assertThat(e.observations()).isEqualTo(5);
    }
    // 9 cohorts (2..10), relative periods -9..8 without -1: one cell per observed (cohort, e)
    assertThat(r.cohortEffects()).hasSize(81);
    assertThat(r.referencePeriod()).isEqualTo(-1);
  }

  @Test
  void eventTimeEffectsAverageCohortsByTheirShare() {
    SunAbrahamResult r = fit();
    List<EventStudyCoefficient> es = r.eventTimeEffects();
    assertThat(es).extracting(EventStudyCoefficient::eventTime).doesNotContain(-1);
    // e = -9 has a single cohort (10): the average is that cell
    EventStudyCoefficient first = es.get(0);
    assertThat(first.eventTime()).isEqualTo(-9);
    assertThat(first.estimate()).isCloseTo(r.cohortEffect(9, -9).estimate(), within(1e-12));
    assertThat(first.standardError())
        .isCloseTo(r.cohortEffect(9, -9).standardError(), within(1e-12));
    // e = -8: cohorts 9 and 10 with five units each
    double mean = (r.cohortEffect(8, -8).estimate() + r.cohortEffect(9, -8).estimate()) / 2;
    assertThat(es.get(1).estimate()).isCloseTo(mean, within(1e-12));
  }
}
