package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cluster-robust multiplier bootstrap ({@link MultiplierBootstrap#clustered}, did {@code
 * clustervars}): with one unit per cluster it is the unit-level bootstrap draw for draw; with
 * patients nested in sites whose outcomes move together, clustering by site widens the standard
 * errors to about the cluster-robust analytic ones {@code sqrt(sum_c (sum_{i in c} IF_i)^2)/n}.
 */
class ClusteredMultiplierBootstrapTest {

  @Test
  void withOneUnitPerClusterItEqualsTheUnitBootstrapWithTheSameSeed() {
    StaggeredPanel base = MpdtaCallawaySantAnnaReferenceTest.panelBuilder().build();
    long[] ids = base.unitIds();
    long[] clusters = new long[ids.length];
    for (int u = 0; u < ids.length; u++) {
      clusters[u] = 1_000_000L - 7 * ids[u]; // one cluster per county, labelled differently
    }
    GroupTimeEffects gt =
        CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults())
            .fit(MpdtaCallawaySantAnnaReferenceTest.panelBuilder().clusters(clusters).build());
    assertThat(gt.clusterCount()).isEqualTo(500);
    UniformBands unit = MultiplierBootstrap.of(999, 2024L, 0.95).bands(gt);
    UniformBands cluster = MultiplierBootstrap.clustered(999, 2024L, 0.95).bands(gt);
    assertThat(cluster.standardErrors()).containsExactly(unit.standardErrors());
    assertThat(cluster.criticalValue()).isEqualTo(unit.criticalValue());
    assertThat(cluster.multipliers()).isEqualTo(500);
    AggregatedEffects dynamic = gt.aggregate(Aggregation.DYNAMIC);
    assertThat(MultiplierBootstrap.clustered(999, 7L, 0.9).bands(dynamic).standardErrors())
        .containsExactly(MultiplierBootstrap.of(999, 7L, 0.9).bands(dynamic).standardErrors());
  }

  @Test
  void withOneObservationPerClusterTheRepeatedCrossSectionBootstrapIsUnchanged() {
    ReferenceTable t = ReferenceTable.load("cs_repeated_cross_sections/simulated_rcs.csv");
    int n = t.size();
    long[] row = new long[n];
    for (int i = 0; i < n; i++) {
      row[i] = i;
    }
    StaggeredObservations.Builder b =
        StaggeredObservations.builder()
            .outcomes(t.numbers("y"))
            .periods(CallawaySantAnnaRepeatedCrossSectionsReferenceTest.ints(t.numbers("wave")))
            .firstTreated(
                CallawaySantAnnaRepeatedCrossSectionsReferenceTest.ints(t.numbers("cohort")))
            .weights(t.numbers("weight"));
    CallawaySantAnna cs = CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults());
    GroupTimeEffects byRow = cs.fit(b.clusters(row).build());
    UniformBands unit = MultiplierBootstrap.of(499, 3L, 0.95).bands(byRow);
    UniformBands cluster = MultiplierBootstrap.clustered(499, 3L, 0.95).bands(byRow);
    assertThat(cluster.standardErrors()).containsExactly(unit.standardErrors());
    assertThat(cluster.multipliers()).isEqualTo(6000);
  }

  /**
   * 40 sites of 25 patients, 6 periods; sites adopt in period 3 (12 sites), 4 (12) or never (16).
   * Outcomes share a site shock every period (sd 0.8) beside the patient's own noise (sd 1), so
   * patients of a site are strongly correlated.
   */
  private static StaggeredPanel sitePanel(long seed) {
    Random random = new Random(seed);
    int sites = 40;
    int perSite = 25;
    int periods = 6;
    int n = sites * perSite;
    double[][] y = new double[n][periods];
    int[] g = new int[n];
    long[] site = new long[n];
    for (int s = 0; s < sites; s++) {
      int cohort = s < 12 ? 3 : s < 24 ? 4 : 0;
      double[] shock = new double[periods];
      for (int t = 0; t < periods; t++) {
        shock[t] = 0.8 * random.nextGaussian();
      }
      for (int k = 0; k < perSite; k++) {
        int u = s * perSite + k;
        g[u] = cohort;
        site[u] = 100 + s;
        double level = random.nextGaussian();
        for (int t = 0; t < periods; t++) {
          boolean treated = cohort > 0 && t + 1 >= cohort;
          y[u][t] = level + 0.1 * t + shock[t] + (treated ? 0.5 : 0.0) + random.nextGaussian();
        }
      }
    }
    return StaggeredPanel.builder()
        .periods(1, 2, 3, 4, 5, 6)
        .outcomes(y)
        .firstTreated(g)
        .clusters(site)
        .build();
  }

  private static double clusterRobustSe(double[] inf, int[] cluster, int clusters) {
    double[] sum = new double[clusters];
    for (int u = 0; u < inf.length; u++) {
      sum[cluster[u]] += inf[u];
    }
    double ss = 0.0;
    for (double s : sum) {
      ss += s * s;
    }
    return Math.sqrt(ss) / inf.length;
  }

  @Test
  void clusteringBySiteWidensTheStandardErrorsToTheClusterRobustOnes() {
    GroupTimeEffects gt =
        CallawaySantAnna.withParameters(CallawaySantAnnaParameters.defaults()).fit(sitePanel(11));
    assertThat(gt.clusterCount()).isEqualTo(40);
    AggregatedEffects dynamic = gt.aggregate(Aggregation.DYNAMIC);
    UniformBands unit = MultiplierBootstrap.of(1999, 5L, 0.95).bands(dynamic);
    UniformBands site = MultiplierBootstrap.clustered(1999, 5L, 0.95).bands(dynamic);
    assertThat(site.multipliers()).isEqualTo(40);
    int[] cluster = gt.clusterView();
    double[][] inf = dynamic.influenceView();
    for (int k = 0; k < dynamic.effects().size(); k++) {
      AggregatedEffect e = dynamic.effects().get(k);
      // the unit bootstrap estimates the analytic SE, which ignores the site shocks
      assertThat(unit.standardErrors()[k] / e.standardError())
          .as("unit bootstrap / analytic, e = %d", e.key())
          .isCloseTo(1.0, within(0.1));
      // clustering by site: a shared shock of sd 0.8 among 25 patients more than doubles the SE
      double ratio = site.standardErrors()[k] / unit.standardErrors()[k];
      assertThat(ratio).as("site / unit, e = %d", e.key()).isGreaterThan(2.0);
      assertThat(site.standardErrors()[k] / clusterRobustSe(inf[k], cluster, 40))
          .as("site bootstrap / cluster-robust analytic, e = %d", e.key())
          .isCloseTo(1.0, within(0.12));
    }
    assertThat(site.criticalValue()).isGreaterThan(1.96);
  }

  @Test
  void theClusteredBootstrapNeedsClustersOnTheData() {
    GroupTimeEffects gt = MpdtaCallawaySantAnnaReferenceTest.unconditional();
    assertThat(gt.clusterCount()).isZero();
    assertThatThrownBy(() -> MultiplierBootstrap.clustered(999, 1L, 0.95).bands(gt))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("The clustered multiplier bootstrap needs clusters, but the panel")
        .hasMessageContaining("set clusters(...) on the StaggeredPanel");
  }
}
