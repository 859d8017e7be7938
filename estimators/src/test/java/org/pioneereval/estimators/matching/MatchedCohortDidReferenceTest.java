package org.pioneereval.estimators.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pioneereval.estimators.VarianceType;

/**
 * {@link MatchedCohortDid} from per-(site, group) sums against R on the patient rows
 * (reference/matched_cohort/matched_cohort_did.R: 389 simulated patients in 12 sites, 1:2 matching
 * weights with 0.5 and 0, Poisson counts with all-zero patients, lognormal costs with zeros):
 *
 * <ul>
 *   <li>difference: {@code lm(change ~ treated, weights = weight)} with {@code
 *       sandwich::vcovCL(type = "HC1")} (checked in R to equal HC0 x G/(G-1) (N-1)/(N-2) and
 *       clubSandwich CR1S, i.e. Stata's {@code vce(cluster)}), and {@code vcovHC(type = "HC1")};
 *       emergency: difference -0.102269938650307, CR1 SE 0.125199530450033, HC1 SE
 *       0.126355553230676; cost: 1077.82974907975, CR1 SE 870.52986303631;
 *   <li>rate ratio: {@code glm(y ~ 0 + factor(patient) + post + treat_post, quasipoisson, weights)}
 *       with {@code vcovCL(type = "HC0", cadjust = TRUE)} x (N-1)/(N-3) (fixest's nested K = 3);
 *       emergency: ratio 0.820659062103929, log SE 0.169855568887635; cost: 1.72362469261202,
 *       0.438376649421357.
 * </ul>
 *
 * Every stored number (17 significant digits) is matched to 1e-8 relative.
 */
class MatchedCohortDidReferenceTest {
  private static final double TOLERANCE = 1e-8;
  private static final Map<String, Double> EXPECTED = MatchedCohortReference.expected();

  private static void matches(String outcome, String estimator, String quantity, double actual) {
    double expected = EXPECTED.get(outcome + "/" + estimator + "/" + quantity);
    assertThat(actual)
        .as("%s %s %s", outcome, estimator, quantity)
        .isCloseTo(expected, within(TOLERANCE * Math.abs(expected)));
  }

  private static MatchedCohortDid estimator(String outcome) {
    List<CohortCell> cells =
        MatchedCohortReference.cells(MatchedCohortReference.patients(), outcome);
    return MatchedCohortDid.of(cells);
  }

  @ParameterizedTest
  @ValueSource(strings = {"emergency", "cost"})
  void differenceInMeanChangesMatchesLmWithVcovClHc1(String outcome) {
    CohortEffect e = estimator(outcome).difference();
    assertThat(e.estimator()).isEqualTo(CohortEstimator.DIFFERENCE_IN_MEAN_CHANGES);
    assertThat(e.varianceType()).isEqualTo(VarianceType.CR1_STATA);
    assertThat(e.coefficient()).isEqualTo(e.estimate());
    matches(outcome, "difference", "estimate", e.estimate());
    matches(outcome, "difference", "se_cr1", e.standardError());
    matches(outcome, "difference", "p_cr1", e.pValue());
    matches(outcome, "difference", "ci_lower_cr1", e.confidenceInterval().lower());
    matches(outcome, "difference", "ci_upper_cr1", e.confidenceInterval().upper());
    matches(outcome, "difference", "observations", e.observations());
    matches(outcome, "difference", "clusters", e.clusters());
    matches(outcome, "difference", "small_sample_factor", e.smallSampleFactor());
    assertThat(e.degreesOfFreedom()).isEqualTo(11.0);
    assertThat(e.confidenceInterval().level()).isEqualTo(0.95);
  }

  @ParameterizedTest
  @ValueSource(strings = {"emergency", "cost"})
  void differenceWithHc1MatchesVcovHc(String outcome) {
    CohortEffect e = estimator(outcome).differenceRobust();
    assertThat(e.varianceType()).isEqualTo(VarianceType.HC1);
    matches(outcome, "difference", "estimate", e.estimate());
    matches(outcome, "difference", "se_hc1", e.standardError());
    matches(outcome, "difference", "p_hc1", e.pValue());
    matches(outcome, "difference", "ci_lower_hc1", e.confidenceInterval().lower());
    matches(outcome, "difference", "ci_upper_hc1", e.confidenceInterval().upper());
    // N - K = 299 - 2
    assertThat(e.degreesOfFreedom()).isEqualTo(297.0);
    assertThat(e.smallSampleFactor()).isCloseTo(299.0 / 297.0, within(1e-15));
  }

  @ParameterizedTest
  @ValueSource(strings = {"emergency", "cost"})
  void groupSummariesMatchWeightedMeans(String outcome) {
    MatchedCohortDid did = estimator(outcome);
    for (String group : List.of("treated", "control")) {
      CohortGroupSummary s = group.equals("treated") ? did.treated() : did.control();
      matches(outcome, "means", group + "_patients", s.patients());
      matches(outcome, "means", group + "_sum_of_weights", s.sumOfWeights());
      matches(outcome, "means", group + "_mean_pre", s.meanPre());
      matches(outcome, "means", group + "_mean_post", s.meanPost());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"emergency", "cost"})
  void rateRatioMatchesGlmWithPatientDummiesAndFixestSmallSampleFactor(String outcome) {
    CohortEffect e = estimator(outcome).rateRatio();
    assertThat(e.estimator()).isEqualTo(CohortEstimator.POISSON_RATE_RATIO);
    assertThat(e.varianceType()).isEqualTo(VarianceType.CR1_FIXEST);
    matches(outcome, "rate_ratio", "log_estimate", e.coefficient());
    matches(outcome, "rate_ratio", "estimate", e.estimate());
    matches(outcome, "rate_ratio", "log_se", e.standardError());
    matches(outcome, "rate_ratio", "p", e.pValue());
    matches(outcome, "rate_ratio", "ci_lower", e.confidenceInterval().lower());
    matches(outcome, "rate_ratio", "ci_upper", e.confidenceInterval().upper());
    matches(outcome, "rate_ratio", "observations", e.observations());
    matches(outcome, "rate_ratio", "clusters", e.clusters());
    matches(outcome, "rate_ratio", "small_sample_factor", e.smallSampleFactor());
    assertThat(e.parameters()).isEqualTo(3);
    assertThat(e.degreesOfFreedom()).isEqualTo(e.clusters() - 1.0);
    assertThat(e.percentChange()).isCloseTo(100.0 * (e.estimate() - 1.0), within(1e-12));
  }
}
