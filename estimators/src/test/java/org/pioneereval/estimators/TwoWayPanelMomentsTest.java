package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The per-cluster two-way reduction against (a) R estimatr's {@code lm_robust} with patient and
 * month fixed effects on an unbalanced patient panel, (b) Stata's {@code didregress} on hospdd and
 * (c) the in-memory {@link TwoWayFixedEffectsDid} on a weighted unbalanced panel with covariates.
 */
class TwoWayPanelMomentsTest {
  private static final ReferenceTable PANEL =
      ReferenceTable.load("patient_panel_estimatr/panel.csv");
  private static final ReferenceTable EXPECTED =
      ReferenceTable.load("patient_panel_estimatr/expected.csv");

  private static Offset<Double> relative(double v) {
    return within(Math.abs(v) * 1e-8);
  }

  private static double expected(String fit, String column) {
    for (int i = 0; i < EXPECTED.size(); i++) {
      if (EXPECTED.string(i, "fit").equals(fit)) {
        return EXPECTED.number(i, column);
      }
    }
    throw new IllegalStateException("no expected fit " + fit);
  }

  /** The estimatr panel reduced patient by patient (rows are sorted by patient, month). */
  private static TwoWayPanelMoments reducePanel(boolean weighted) {
    int[] patient = PANEL.codes("patient");
    int[] site = PANEL.codes("site");
    int[] month = PANEL.codes("month");
    double[] treat = PANEL.numbers("treat");
    double[] admissions = PANEL.numbers("admissions");
    double[] cost = PANEL.numbers("cost");
    double[] weight = PANEL.numbers("weight");
    TwoWayPanelMoments m = TwoWayPanelMoments.create(18, 1, 2);
    for (int r = 0; r < patient.length; r++) {
      if (r == 0 || patient[r] != patient[r - 1]) {
        if (r > 0) {
          m.finishUnit();
        }
        m.startUnit(site[r]);
      }
      m.add(
          month[r],
          new double[] {treat[r]},
          new double[] {admissions[r], cost[r]},
          weighted ? weight[r] : 1.0);
    }
    return m.finishUnit();
  }

  @Test
  void matchesEstimatrLmRobustWithPatientAndMonthEffectsClusteredBySite() {
    TwoWayPanelMoments m = reducePanel(false);
    assertThat(m.rows()).isEqualTo(15182);
    assertThat(m.units()).isEqualTo(960);
    assertThat(m.clusterCount()).isEqualTo(24);

    RegressionResult adm = m.fit(0, VarianceType.CR1_STATA, List.of("treat"));
    double est = expected("admissions_stata", "estimate");
    double se = expected("admissions_stata", "std_error");
    assertThat(adm.coefficient("treat")).isCloseTo(est, relative(est));
    assertThat(adm.standardError(0)).isCloseTo(se, relative(se));
    assertThat(adm.degreesOfFreedom()).isEqualTo(23.0);
    assertThat(adm.nObservations()).isEqualTo(15182);

    RegressionResult cost = m.fit(1, VarianceType.CR1_STATA, List.of("treat"));
    double costEst = expected("cost_stata", "estimate");
    double costSe = expected("cost_stata", "std_error");
    assertThat(cost.coefficient(0)).isCloseTo(costEst, relative(costEst));
    assertThat(cost.standardError(0)).isCloseTo(costSe, relative(costSe));
  }

  @Test
  void stataFactorCountsTheAbsorbedEffectsAsEstimatrDoes() {
    // CR0 carries no factor; CR1 "stata" = CR0 x sqrt(G/(G-1) (N-1)/(N-K)), K = 1 + 960 + 17
    RegressionResult adm = reducePanel(false).fit(0, VarianceType.CR1_STATA, List.of("treat"));
    double factor = 24.0 / 23.0 * (15182.0 - 1) / (15182.0 - 978);
    double cr0 = expected("admissions_cr0", "std_error");
    assertThat(adm.standardError(0) / Math.sqrt(factor)).isCloseTo(cr0, relative(cr0));
    assertThat(adm.parameterCount()).isEqualTo(978);
  }

  @Test
  void weightedAndClassicalFitsMatchEstimatr() {
    RegressionResult weighted = reducePanel(true).fit(0, VarianceType.CR1_STATA, List.of("treat"));
    double est = expected("admissions_weighted_stata", "estimate");
    double se = expected("admissions_weighted_stata", "std_error");
    assertThat(weighted.coefficient(0)).isCloseTo(est, relative(est));
    assertThat(weighted.standardError(0)).isCloseTo(se, relative(se));

    RegressionResult classical = reducePanel(false).fit(0, VarianceType.IID, List.of("treat"));
    double cse = expected("admissions_classical", "std_error");
    assertThat(classical.standardError(0)).isCloseTo(cse, relative(cse));
    assertThat(classical.degreesOfFreedom()).isEqualTo(14204.0);
  }

  @Test
  void hospddThroughTheReductionReproducesStataDidregress() {
    ReferenceTable hospdd = ReferenceTable.load("hospdd/data.csv");
    int[] hospital = hospdd.codes("hospital");
    int[] month = hospdd.codes("month");
    double[] satis = hospdd.numbers("satis");
    double[] proc = hospdd.numbers("proc");
    // rows of a hospital are not contiguous in the file: open each hospital once
    TwoWayPanelMoments m = TwoWayPanelMoments.create(7, 1, 1);
    for (int h = 0; h < 46; h++) {
      m.startUnit(h);
      for (int r = 0; r < hospital.length; r++) {
        if (hospital[r] == h) {
          m.add(month[r], new double[] {proc[r]}, new double[] {satis[r]}, 1.0);
        }
      }
      m.finishUnit();
    }
    RegressionResult r = m.fit(0, VarianceType.CR1_STATA, List.of("procedure"));
    assertThat(r.coefficient("procedure")).isCloseTo(.8479879, within(.8479879 * 1e-6));
    assertThat(r.standardError(0)).isCloseTo(.0321121, within(.0321121 * 1e-6));
    assertThat(r.coefficient("time=1")).isCloseTo(-9.60765964e-03, within(9.60765964e-03 * 1e-6));
    assertThat(r.nObservations()).isEqualTo(7368);
    assertThat(r.nClusters()).isEqualTo(46);
  }

  /** A weighted unbalanced panel with a covariate, 2 rows in some unit-periods, 30 clusters. */
  private record Synthetic(
      int[] unit, int[] time, int[] cluster, double[] d, double[] x, double[] y, double[] w) {}

  private static Synthetic synthetic() {
    return synthetic(false);
  }

  /**
   * As {@link #synthetic()}; with {@code spans}, most units are on the panel from one period to a
   * later one, one row each (as residents on a register), the rest have gaps and repeated periods;
   * a third of the units have weight 1.
   */
  private static Synthetic synthetic(boolean spans) {
    Random rng = new Random(7);
    List<double[]> rows = new ArrayList<>();
    for (int u = 0; u < 300; u++) {
      int c = u / 10;
      boolean treatedCluster = c < 9;
      double a = rng.nextGaussian();
      double w = spans && u % 3 == 0 ? 1.0 : 0.5 + rng.nextDouble();
      boolean span = spans && u % 5 != 0;
      int first = span ? rng.nextInt(12) : 0;
      int last = span ? first + rng.nextInt(12 - first) : 11;
      for (int t = 0; t < 12; t++) {
        int copies =
            span
                ? (t >= first && t <= last ? 1 : 0)
                : rng.nextDouble() < 0.2 ? 0 : (rng.nextDouble() < 0.1 ? 2 : 1);
        for (int k = 0; k < copies; k++) {
          double d = treatedCluster && t >= 6 ? 1 : 0;
          double x = rng.nextGaussian() + 0.3 * t;
          double y = a + 0.1 * t + 0.5 * d + 0.8 * x + rng.nextGaussian();
          rows.add(new double[] {u, t, c, d, x, y, w});
        }
      }
    }
    int n = rows.size();
    Synthetic s =
        new Synthetic(
            new int[n],
            new int[n],
            new int[n],
            new double[n],
            new double[n],
            new double[n],
            new double[n]);
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      s.unit[i] = (int) r[0];
      s.time[i] = (int) r[1];
      s.cluster[i] = (int) r[2];
      s.d[i] = r[3];
      s.x[i] = r[4];
      s.y[i] = r[5];
      s.w[i] = r[6];
    }
    return s;
  }

  private static TwoWayPanelMoments reduce(Synthetic s, int fromUnit, int toUnit) {
    TwoWayPanelMoments m = TwoWayPanelMoments.create(12, 2, 1);
    int open = -1;
    for (int i = 0; i < s.unit.length; i++) {
      if (s.unit[i] < fromUnit || s.unit[i] >= toUnit) {
        continue;
      }
      if (s.unit[i] != open) {
        if (open >= 0) {
          m.finishUnit();
        }
        m.startUnit(s.cluster[i]);
        open = s.unit[i];
      }
      m.add(s.time[i], new double[] {s.d[i], s.x[i]}, new double[] {s.y[i]}, s.w[i]);
    }
    return open >= 0 ? m.finishUnit() : m;
  }

  @Test
  void equalsTheInMemoryTwfeOnAWeightedUnbalancedPanelWithACovariate() {
    assertEqualsTheInMemoryTwfe(synthetic());
  }

  /** The reduction of all 300 units fits as {@link TwoWayFixedEffectsDid} on the rows does. */
  private static void assertEqualsTheInMemoryTwfe(Synthetic s) {
    PanelObservations obs =
        PanelObservations.builder()
            .outcome(s.y)
            .unit(s.unit)
            .time(s.time)
            .treatment(s.d)
            .cluster(s.cluster)
            .weights(s.w)
            .covariate("x", s.x)
            .build();
    TwoWayPanelMoments m = reduce(s, 0, 300);
    assertThat(m.rows()).isEqualTo(s.unit.length);
    for (VarianceType type :
        List.of(VarianceType.IID, VarianceType.CR1_STATA, VarianceType.CR1_FIXEST)) {
      RegressionResult expected = TwoWayFixedEffectsDid.withVariance(type).fit(obs).regression();
      RegressionResult actual = m.fit(0, type, List.of("treatment", "x"));
      assertThat(actual.coefficientNames()).isEqualTo(expected.coefficientNames());
      for (int i = 0; i < expected.coefficients().length; i++) {
        double e = expected.coefficient(i);
        assertThat(actual.coefficient(i)).as(type + " b" + i).isCloseTo(e, within(1e-9));
        double se = expected.standardError(i);
        assertThat(actual.standardError(i)).as(type + " se" + i).isCloseTo(se, relative(se));
      }
      assertThat(actual.degreesOfFreedom()).isEqualTo(expected.degreesOfFreedom());
      assertThat(actual.parameterCount()).isEqualTo(expected.parameterCount());
    }
  }

  @Test
  void unitsSpanningConsecutivePeriodsGiveTheInMemoryTwfeAndMergeToTheSameMoments() {
    Synthetic s = synthetic(true);
    assertEqualsTheInMemoryTwfe(s);
    TwoWayPanelMoments merged =
        reduce(s, 200, 300).merge(reduce(s, 0, 75)).merge(reduce(s, 75, 200));
    List<ClusterMoments> a = reduce(s, 0, 300).clusterMoments(0);
    List<ClusterMoments> b = merged.clusterMoments(0);
    for (int g = 0; g < a.size(); g++) {
      assertThat(b.get(g).isCloseTo(a.get(g), 1e-12)).as("cluster " + g).isTrue();
    }
  }

  @Test
  void mergingPartitionsOfUnitsGivesTheSameFit() {
    Synthetic s = synthetic();
    TwoWayPanelMoments whole = reduce(s, 0, 300);
    TwoWayPanelMoments merged =
        reduce(s, 200, 300).merge(reduce(s, 0, 75)).merge(reduce(s, 75, 200));
    assertThat(merged.units()).isEqualTo(whole.units()).isEqualTo(300);
    assertThat(merged.rows()).isEqualTo(whole.rows());
    List<ClusterMoments> a = whole.clusterMoments(0);
    List<ClusterMoments> b = merged.clusterMoments(0);
    assertThat(b).hasSize(30);
    for (int g = 0; g < a.size(); g++) {
      assertThat(b.get(g).isCloseTo(a.get(g), 1e-12)).as("cluster " + g).isTrue();
    }
  }

  @Test
  void refusesWhatPerClusterMomentsCannotGive() {
    TwoWayPanelMoments m = reducePanel(false);
    assertThatThrownBy(() -> m.fit(0, VarianceType.CR2, List.of("treat")))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("CR2 is not available from per-cluster moments")
        .hasMessageContaining("TwoWayFixedEffectsDid");
    assertThatThrownBy(
            () ->
                TwoWayPanelMoments.create(4, 1, 1)
                    .startUnit(0)
                    .add(4, new double[] {1}, new double[] {1}, 1.0))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Period index 4 is outside 0..3");
    assertThatThrownBy(() -> TwoWayPanelMoments.create(1, 1, 1))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("at least 2 periods, got 1");
  }
}
