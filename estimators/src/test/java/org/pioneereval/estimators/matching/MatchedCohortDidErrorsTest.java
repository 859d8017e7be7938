package org.pioneereval.estimators.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.EstimationException;

/** User-facing errors of {@link MatchedCohortDid} and {@link CohortCellSums}. */
class MatchedCohortDidErrorsTest {

  private static CohortCellSums sums(double[]... patients) {
    CohortCellSums s = CohortCellSums.empty();
    for (double[] p : patients) {
      s.add(p[0], p[1], p[2]);
    }
    return s;
  }

  @Test
  void noTreatedPatientWithPositiveWeight() {
    List<CohortCell> cells =
        List.of(
            CohortCell.treated("a", sums(new double[] {0.0, 1, 2}, new double[] {0.0, 0, 1})),
            CohortCell.control("b", sums(new double[] {1.0, 1, 2})),
            CohortCell.control("c", sums(new double[] {0.5, 2, 1})));
    assertThatThrownBy(() -> MatchedCohortDid.of(cells))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("no treated patient with a positive weight (2 treated patients");
  }

  @Test
  void noControls() {
    List<CohortCell> cells =
        List.of(
            CohortCell.treated("a", sums(new double[] {1.0, 1, 2})),
            CohortCell.treated("b", sums(new double[] {1.0, 3, 2})),
            CohortCell.control("c", sums(new double[] {0.0, 2, 1})));
    assertThatThrownBy(() -> MatchedCohortDid.of(cells))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("no control patient with a positive weight (1 control patients");
  }

  @Test
  void rateRatioNeedsOutcomesInBothPeriodsOfBothGroups() {
    // treated patients have no admission after the index date: ratio 0, log ratio -infinity
    List<CohortCell> cells =
        List.of(
            CohortCell.treated("a", sums(new double[] {1.0, 2, 0}, new double[] {1.0, 0, 0})),
            CohortCell.control("b", sums(new double[] {1.0, 1, 2})),
            CohortCell.control("c", sums(new double[] {0.5, 2, 1})));
    MatchedCohortDid did = MatchedCohortDid.of(cells);
    assertThatThrownBy(did::rateRatio)
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("weighted outcome of the treated patients in the 12 months after");
    // the difference in mean changes is still defined: treated -1, controls (1 - 0.5)/1.5 = 1/3
    assertThat(did.difference().estimate()).isEqualTo(-1.0 - 1.0 / 3.0);

    List<CohortCell> controlsZeroBefore =
        List.of(
            CohortCell.treated("a", sums(new double[] {1.0, 2, 1})),
            CohortCell.control("b", sums(new double[] {1.0, 0, 2})),
            CohortCell.control("c", sums(new double[] {0.5, 0, 0})));
    assertThatThrownBy(() -> MatchedCohortDid.of(controlsZeroBefore).rateRatio())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("weighted outcome of the control patients in the 12 months before");
  }

  @Test
  void fewerThanTwoClusters() {
    List<CohortCell> cells =
        List.of(
            CohortCell.treated("only", sums(new double[] {1.0, 1, 2}, new double[] {1.0, 2, 2})),
            CohortCell.control("only", sums(new double[] {1.0, 1, 0}, new double[] {0.5, 3, 1})));
    MatchedCohortDid did = MatchedCohortDid.of(cells);
    assertThatThrownBy(did::difference)
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Only 1 cluster(s) hold patients for the difference in mean changes");
    assertThatThrownBy(did::rateRatio)
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Only 1 cluster(s) hold patients for the Poisson rate ratio");
  }

  @Test
  void rateRatioCountsOnlyClustersWithAKeptPatient() {
    // cluster c holds only patients with zero outcome in both periods: fepois drops them, so the
    // rate ratio has 2 clusters while the difference has 3
    List<CohortCell> cells =
        List.of(
            CohortCell.treated("a", sums(new double[] {1.0, 1, 2}, new double[] {1.0, 2, 1})),
            CohortCell.control("b", sums(new double[] {1.0, 1, 1}, new double[] {0.5, 3, 1})),
            CohortCell.control("c", sums(new double[] {1.0, 0, 0})));
    MatchedCohortDid did = MatchedCohortDid.of(cells);
    assertThat(did.difference().clusters()).isEqualTo(3);
    assertThat(did.difference().observations()).isEqualTo(5);
    assertThat(did.rateRatio().clusters()).isEqualTo(2);
    assertThat(did.rateRatio().observations()).isEqualTo(8);
  }

  @Test
  void tooFewObservationsForTheDifference() {
    List<CohortCell> cells =
        List.of(
            CohortCell.treated("a", sums(new double[] {1.0, 1, 2})),
            CohortCell.control("b", sums(new double[] {1.0, 2, 2})));
    assertThatThrownBy(() -> MatchedCohortDid.of(cells).difference())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Only 2 observations for 2 parameters");
  }

  @Test
  void invalidPatientInputs() {
    CohortCellSums s = CohortCellSums.empty();
    assertThatThrownBy(() -> s.add(-0.5, 1, 1))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("matching weight is -0.5");
    assertThatThrownBy(() -> s.add(Double.NaN, 1, 1))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("matching weight is NaN");
    assertThatThrownBy(() -> s.add(1, -1, 1))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("12 months before the index date is -1.0");
    assertThatThrownBy(() -> s.add(1, 1, Double.POSITIVE_INFINITY))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("12 months after the index date is Infinity");
    assertThat(s.patients()).isZero();
  }

  @Test
  void incompleteOrInconsistentTotals() {
    assertThatThrownBy(() -> CohortCellSums.fromTotals().patients(3).sumOfWeights(2.0).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Only 2 of the 10 cell totals were set");
    assertThatThrownBy(
            () ->
                CohortCellSums.fromTotals()
                    .patients(3)
                    .patientsWithOutcome(4)
                    .sumOfWeights(2.0)
                    .sumOfSquaredWeights(2.0)
                    .weightedPre(1.0)
                    .weightedPost(1.0)
                    .weightedChange(0.0)
                    .weightedSquaredChange(0.0)
                    .squaredWeightChange(0.0)
                    .squaredWeightSquaredChange(0.0)
                    .build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("The cell totals are inconsistent");
  }

  @Test
  void invalidLevel() {
    List<CohortCell> cells =
        List.of(
            CohortCell.treated("a", sums(new double[] {1.0, 1, 2})),
            CohortCell.control("b", sums(new double[] {1.0, 2, 2})));
    assertThatThrownBy(() -> MatchedCohortDid.of(cells).atLevel(95))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Confidence level 95.0 is not in (0, 1)");
  }
}
