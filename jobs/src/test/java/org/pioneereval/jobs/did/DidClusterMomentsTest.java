package org.pioneereval.jobs.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * {@code pioneer-eval did --estimator twfe} on a patient x month panel is reduced in Spark to
 * per-site moments and gives R estimatr's {@code lm_robust(admissions ~ treat, fixed_effects = ~
 * patient + month, clusters = site, se_type = "stata")} numbers
 * (src/test/resources/reference/patient_panel_estimatr); when the rows are needed it falls back to
 * collecting them.
 */
class DidClusterMomentsTest {

  static final Path PANEL =
      Path.of("src/test/resources/reference/patient_panel_estimatr/panel.csv");

  // expected.csv (estimatr 1.0.0)
  private static final double ESTIMATE = -0.00160648078797505;
  private static final double SE_STATA = 0.009520600621526;
  private static final double WEIGHTED_ESTIMATE = -0.00215322733016704;
  private static final double WEIGHTED_SE_STATA = 0.010459830337748;
  private static final double SE_CLASSICAL = 0.00997083136403067;

  private static Offset<Double> relative(double v) {
    return within(Math.abs(v) * 1e-8);
  }

  private static DidSpecification.Builder patientPanel() {
    return DidSpecification.builder(PANEL)
        .outcome("admissions")
        .unit("patient")
        .time("month")
        .treatment("treat")
        .cluster("site")
        .variance(VarianceType.CR1_STATA);
  }

  private static DidResult run(DidSpecification spec) {
    return DidAnalysis.create(SparkTestSession.get(), spec).execute();
  }

  @Test
  void patientMonthPanelIsReducedPerSiteAndMatchesEstimatr() {
    DidResult r = run(patientPanel().build());

    DidEstimate e = r.effect().orElseThrow();
    assertThat(e.estimate()).isCloseTo(ESTIMATE, relative(ESTIMATE));
    assertThat(e.standardError()).isCloseTo(SE_STATA, relative(SE_STATA));
    assertThat(e.degreesOfFreedom()).isEqualTo(23.0);
    assertThat(r.data())
        .isEqualTo(
            new DidResult.DataSummary(
                15182, 15182, 0, 960, 18, 24, 400, DidResult.Computation.CLUSTER_MOMENTS));
  }

  @Test
  void weightedAndClassicalFitsMatchEstimatr() {
    DidEstimate weighted = run(patientPanel().weights("weight").build()).effect().orElseThrow();
    assertThat(weighted.estimate()).isCloseTo(WEIGHTED_ESTIMATE, relative(WEIGHTED_ESTIMATE));
    assertThat(weighted.standardError()).isCloseTo(WEIGHTED_SE_STATA, relative(WEIGHTED_SE_STATA));

    DidEstimate classical =
        run(patientPanel().variance(VarianceType.IID).build()).effect().orElseThrow();
    assertThat(classical.standardError()).isCloseTo(SE_CLASSICAL, relative(SE_CLASSICAL));
    assertThat(classical.degreesOfFreedom()).isEqualTo(14204.0);
  }

  @Test
  void unitsThatCrossClustersOrABootstrapFallBackToTheRows() {
    // clustering by month: a patient lies in 18 clusters, so per-cluster moments cannot be formed
    DidResult byMonth = run(patientPanel().cluster("month").build());
    assertThat(byMonth.data().computation()).isEqualTo(DidResult.Computation.ROWS_ON_DRIVER);
    assertThat(byMonth.effect().orElseThrow().estimate()).isCloseTo(ESTIMATE, relative(ESTIMATE));
    assertThat(byMonth.effect().orElseThrow().nClusters()).isEqualTo(18);

    // clustered by patient (the default cluster is the unit): 960 matrices of 19 x 19 fit easily
    DidResult byPatient = run(patientPanel().cluster("patient").build());
    assertThat(byPatient.data().computation()).isEqualTo(DidResult.Computation.CLUSTER_MOMENTS);
    assertThat(ClusterMomentsTwfe.momentBytes(960, 19))
        .isLessThan(ClusterMomentsTwfe.MOMENT_BYTES_LIMIT);
    assertThat(ClusterMomentsTwfe.momentBytes(100_000, 97))
        .as("100,000 patients as clusters over 96 months: the rows are collected instead")
        .isGreaterThan(ClusterMomentsTwfe.MOMENT_BYTES_LIMIT);

    DidResult hc1 = run(patientPanel().variance(VarianceType.HC1).build());
    assertThat(hc1.data().computation()).isEqualTo(DidResult.Computation.ROWS_ON_DRIVER);
    assertThat(hc1.effect().orElseThrow().estimate()).isCloseTo(ESTIMATE, relative(ESTIMATE));
  }
}
