package org.pioneereval.estimators.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pioneereval.estimators.glm.GlmVariance;
import org.pioneereval.estimators.glm.PoissonData;
import org.pioneereval.estimators.glm.PoissonParameters;
import org.pioneereval.estimators.glm.PoissonRegression;
import org.pioneereval.estimators.glm.PoissonResult;
import org.pioneereval.estimators.matching.MatchedCohortReference.Patient;

/**
 * The closed-form rate ratio of {@link MatchedCohortDid} equals the brute-force Poisson fit with
 * patient and period fixed effects ({@link PoissonRegression}, fixest conventions: all-zero
 * patients dropped, patient effects nested in the site clusters) on the two-period panel. {@link
 * PoissonData} takes no weights, so the check runs unweighted: every matched patient (weight > 0)
 * gets weight 1; the same fit in R ({@code glm} with patient dummies, vcovCL HC0 x (N-1)/(N-3), the
 * {@code rate_ratio_unweighted} rows of expected.csv) gives log rate ratio -0.189010544944752 (SE
 * 0.153343418404666, emergency) and 0.546834034110955 (SE 0.448014589554067, cost); all three agree
 * to 1e-8.
 */
class MatchedCohortDidPoissonFixedEffectsTest {
  private static final Map<String, Double> EXPECTED = MatchedCohortReference.expected();

  @ParameterizedTest
  @ValueSource(strings = {"emergency", "cost"})
  void closedFormEqualsPoissonRegressionWithPatientAndPeriodFixedEffects(String outcome) {
    List<Patient> matched = new ArrayList<>();
    for (Patient p : MatchedCohortReference.patients()) {
      if (p.weight() > 0.0) {
        matched.add(
            new Patient(
                p.patient(),
                p.cluster(),
                p.treated(),
                1.0,
                p.emergencyPre(),
                p.emergencyPost(),
                p.costPre(),
                p.costPost()));
      }
    }
    int m = matched.size();
    double[] y = new double[2 * m];
    double[] treatPost = new double[2 * m];
    int[] patient = new int[2 * m];
    int[] period = new int[2 * m];
    int[] site = new int[2 * m];
    for (int i = 0; i < m; i++) {
      Patient p = matched.get(i);
      for (int t = 0; t < 2; t++) {
        int r = 2 * i + t;
        y[r] = t == 0 ? p.pre(outcome) : p.post(outcome);
        treatPost[r] = t == 1 && p.treated() ? 1.0 : 0.0;
        patient[r] = i;
        period[r] = t;
        site[r] = p.cluster() - 1;
      }
    }
    PoissonData data =
        PoissonData.builder()
            .outcome(y)
            .treatment(treatPost)
            .fixedEffect("patient", patient)
            .fixedEffect("period", period)
            .cluster("site", site)
            .build();
    GlmVariance bySite = GlmVariance.clustered("site");
    // tighter than fixest's default deviance tolerance 1e-8, which leaves the SE ~1e-6 off
    PoissonParameters tight =
        PoissonParameters.builder()
            .variance(bySite)
            .devianceTolerance(1e-14)
            .maxIterations(100)
            .fixedEffectTolerance(1e-14)
            .build();
    PoissonResult fit = PoissonRegression.withParameters(tight).fit(data);
    double bruteForce = fit.coefficient(PoissonData.TREATMENT);
    double bruteForceSe = fit.standardError(PoissonData.TREATMENT, bySite);

    CohortEffect closed =
        MatchedCohortDid.of(MatchedCohortReference.cells(matched, outcome)).rateRatio();

    assertThat(closed.coefficient()).isCloseTo(bruteForce, within(1e-8 * Math.abs(bruteForce)));
    assertThat(closed.standardError()).isCloseTo(bruteForceSe, within(1e-8 * bruteForceSe));
    assertThat(closed.observations()).isEqualTo(fit.observations());
    double r = EXPECTED.get(outcome + "/rate_ratio_unweighted/log_estimate");
    double rSe = EXPECTED.get(outcome + "/rate_ratio_unweighted/log_se");
    assertThat(closed.coefficient()).isCloseTo(r, within(1e-8 * Math.abs(r)));
    assertThat(closed.standardError()).isCloseTo(rSe, within(1e-8 * rSe));
  }
}
