package org.pioneereval.jobs.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.AggregatedEffects;
import org.pioneereval.estimators.Aggregation;
import org.pioneereval.estimators.EstimationMethod;
import org.pioneereval.estimators.SamplingDesign;
import org.pioneereval.estimators.SunAbrahamResult;
import org.pioneereval.estimators.UniformBands;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.jobs.runtime.PioneerEvalException;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * {@link DidAnalysis} with the staggered-adoption estimators on published or reference numbers:
 * did's mpdta (dynamic aggregation), mpdta as repeated cross-sections and as an unbalanced panel
 * against the base-R reference (estimators/.../reference/cs_repeated_cross_sections), and fixest's
 * base_stagg Sun and Abraham ATT.
 */
class DidStaggeredReferenceTest {
  static final Path UNBALANCED = Path.of("src/test/resources/reference/mpdta/unbalanced.csv");
  static final Path BASE_STAGG = Path.of("src/test/resources/reference/fixest_base_stagg/data.csv");

  private static DidSpecification.Builder mpdta(Path input) {
    return DidSpecification.builder(input)
        .method(DidMethod.CALLAWAY_SANT_ANNA)
        .outcome("lemp")
        .unit("countyreal")
        .time("year")
        .cohort("first_treat");
  }

  private static DidResult.CallawaySantAnnaOutput run(DidSpecification spec) {
    return DidAnalysis.create(SparkTestSession.get(), spec)
        .execute()
        .callawaySantAnna()
        .orElseThrow();
  }

  @Test
  void dynamicAggregationWithABootstrapClusteredByCountyMatchesDid() {
    DidResult.CallawaySantAnnaOutput cs =
        run(
            mpdta(DidStaggeredCommandTest.MPDTA)
                .aggregation(Aggregation.DYNAMIC)
                .bootstrapDraws(999)
                .seed(3)
                .build());
    AggregatedEffects dynamic = cs.aggregation();
    // did 2.3.0, aggte(type = "dynamic", bstrap = FALSE) (reference/mpdta)
    assertThat(dynamic.overallAtt()).isCloseTo(-0.0772398215, within(5e-11));
    assertThat(dynamic.overallStandardError()).isCloseTo(0.0199649891, within(5e-11));
    assertThat(dynamic.effect(-3).att()).isCloseTo(0.0305066556, within(5e-11));
    UniformBands bands = cs.aggregationBands().orElseThrow();
    assertThat(bands.multipliers()).isEqualTo(500);
    assertThat(bands.iterations()).isEqualTo(999);
    // the bootstrap SE of e = 0 estimates the analytic 0.0118264 (did's README: 0.0123)
    assertThat(bands.standardErrors()[3]).isCloseTo(0.0118264, within(0.0015));
    assertThat(bands.criticalValue()).isBetween(2.2, 3.2);
  }

  @Test
  void mpdtaAsRepeatedCrossSectionsWithOutcomeRegressionMatchesTheReference() {
    DidResult.CallawaySantAnnaOutput cs =
        run(
            mpdta(DidStaggeredCommandTest.MPDTA)
                .sampling(SamplingDesign.REPEATED_CROSS_SECTIONS)
                .covariates(java.util.List.of("lpop"))
                .estimationMethod(EstimationMethod.REGRESSION)
                .build());
    // reference_att_gt_rc.R, case mpdta_rcs_lpop_reg (n = 2,500 observations)
    assertThat(cs.groupTime().unitCount()).isEqualTo(2500);
    assertThat(cs.aggregation().overallAtt()).isCloseTo(-0.0419686124215411, within(1e-12));
    assertThat(cs.aggregation().overallStandardError()).isCloseTo(0.149762154610336, within(1e-12));
  }

  @Test
  void anUnbalancedPanelIsRefusedAsAPanelAndEstimatedAsOneWhenAskedFor() {
    DidSpecification asPanel = mpdta(UNBALANCED).build();
    assertThatThrownBy(() -> DidAnalysis.create(SparkTestSession.get(), asPanel).execute())
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("unit(s) do not have a row in every one of the 5 periods")
        .hasMessageContaining("--sampling unbalanced-panel");

    DidResult.CallawaySantAnnaOutput cs =
        run(mpdta(UNBALANCED).sampling(SamplingDesign.UNBALANCED_PANEL).build());
    // reference_att_gt_rc.R, case mpdta_unbalanced_dr (n = 500 counties)
    assertThat(cs.groupTime().unitCount()).isEqualTo(500);
    assertThat(cs.groupTime().design()).isEqualTo(SamplingDesign.UNBALANCED_PANEL);
    assertThat(cs.aggregation().overallAtt()).isCloseTo(0.0114165955909466, within(1e-12));
    assertThat(cs.aggregation().overallStandardError())
        .isCloseTo(0.0643291557241394, within(1e-12));
  }

  @Test
  void sunAbrahamOnBaseStaggMatchesFixest() {
    DidSpecification spec =
        DidSpecification.builder(BASE_STAGG)
            .method(DidMethod.SUN_ABRAHAM)
            .outcome("y")
            .unit("id")
            .time("year")
            .cohort("year_treated")
            .covariates(java.util.List.of("x1"))
            .variance(VarianceType.CR1_FIXEST)
            .build();
    SunAbrahamResult sa =
        DidAnalysis.create(SparkTestSession.get(), spec).execute().sunAbraham().orElseThrow();
    // fixest vignette: feols(y ~ x1 + sunab(year_treated, year) | id + year), summary(agg = "att")
    assertThat(sa.att().estimate()).isCloseTo(-1.133749, within(5e-7));
    assertThat(sa.att().standardError()).isCloseTo(0.205070, within(5e-7));
  }
}
