package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.synth.PlaceboDraws;
import org.pioneereval.estimators.synth.SynthEstimate;
import org.pioneereval.estimators.synth.SynthMethod;
import org.pioneereval.estimators.synth.SynthPanel;
import org.pioneereval.estimators.synth.SyntheticDid;

/** The synth panel and estimators reject unusable input with what / why / how-to-fix messages. */
class SynthErrorsTest {
  private static final List<String> UNITS = List.of("a", "b", "c");
  private static final int[] PERIODS = {1, 2, 3, 4};

  private static double[][] outcomes() {
    return new double[][] {{1, 2, 3, 4}, {2, 3, 5, 6}, {1, 1, 2, 4}};
  }

  private static SynthPanel.Builder valid() {
    return SynthPanel.builder()
        .units(UNITS)
        .periods(PERIODS)
        .outcomes(outcomes())
        .treatedUnits("c")
        .firstTreatedPeriod(3);
  }

  @Test
  void missingRowInLongFormatIsUnbalanced() {
    String[] unit = {"a", "a", "b"};
    int[] period = {1, 2, 1};
    assertThatThrownBy(() -> SynthPanel.fromRows(unit, period, new double[] {1, 2, 3}))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Unit 'b' has 1 of the 2 periods (it has no row for period 2)")
        .hasMessageContaining("the panel must be balanced");
  }

  @Test
  void raggedOutcomeRowIsUnbalanced() {
    double[][] y = outcomes();
    y[1] = new double[] {2, 3, 5};
    assertThatThrownBy(() -> valid().outcomes(y).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Unit 'b' has 3 of the 4 periods (its outcome row has 3 values)");
  }

  @Test
  void duplicateRowsInLongFormatAskForAggregation() {
    String[] unit = {"a", "a"};
    int[] period = {1, 1};
    assertThatThrownBy(() -> SynthPanel.fromRows(unit, period, new double[] {1, 2}))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Unit 'a' has more than one row for period 1")
        .hasMessageContaining("aggregate the rows");
  }

  @Test
  void allUnitsTreatedLeavesNoControls() {
    assertThatThrownBy(() -> valid().treatedUnits("a", "b", "c").build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("All 3 units are treated, so there are no control units");
  }

  @Test
  void treatmentFromTheFirstPeriodLeavesNoPrePeriods() {
    assertThatThrownBy(() -> valid().firstTreatedPeriod(1).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("No pre-treatment period: the first treated period 1")
        .hasMessageContaining("use data that starts before the treatment");
  }

  @Test
  void treatmentAfterTheLastPeriodLeavesNoPostPeriods() {
    assertThatThrownBy(() -> valid().firstTreatedPeriod(9).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("No post-treatment period");
  }

  @Test
  void treatedUnitWithMissingValue() {
    double[][] y = outcomes();
    y[2][3] = Double.NaN;
    assertThatThrownBy(() -> valid().outcomes(y).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Treated unit 'c' has no valid outcome in period 4 (NaN)")
        .hasMessageContaining("impute the outcome");
  }

  @Test
  void controlUnitWithMissingValue() {
    double[][] y = outcomes();
    y[0][1] = Double.NaN;
    assertThatThrownBy(() -> valid().outcomes(y).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Control unit 'a' has no valid outcome in period 2")
        .hasMessageContaining("drop this control");
  }

  @Test
  void unknownTreatedUnit() {
    assertThatThrownBy(() -> valid().treatedUnits("z").build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Treated unit 'z' is not among the panel's 3 units");
  }

  @Test
  void duplicateUnitLabels() {
    assertThatThrownBy(() -> valid().units(List.of("a", "a", "c")).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Unit label 'a' occurs twice");
  }

  @Test
  void onePrePeriodCannotScaleTheRidge() {
    SynthPanel p = valid().firstTreatedPeriod(2).build();
    assertThatThrownBy(() -> SyntheticDid.withMethod(SynthMethod.SDID).estimate(p))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining(
            "1 pre-period(s) and 2 control(s) give fewer than 2 first differences")
        .hasMessageContaining("SynthMethod.DID");
  }

  @Test
  void placeboNeedsMoreControlsThanTreated() {
    SynthPanel p = valid().treatedUnits("b", "c").build();
    assertThatThrownBy(
            () ->
                SyntheticDid.withMethod(SynthMethod.DID)
                    .estimateWithPlacebo(p, PlaceboDraws.seeded(10, 1L)))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("needs more controls than treated units, but there are 1 controls");
  }

  @Test
  void placeboNeedsTwoReplications() {
    assertThatThrownBy(() -> PlaceboDraws.seeded(1, 1L))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("1 placebo replication(s) cannot give a standard deviation");
  }

  @Test
  void replayedPermutationsMustPermuteTheControls() {
    SynthPanel p = valid().build();
    PlaceboDraws draws = PlaceboDraws.replay(List.of(new int[] {0, 1}, new int[] {1, 1}));
    assertThatThrownBy(() -> SyntheticDid.withMethod(SynthMethod.DID).estimateWithPlacebo(p, draws))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining(
            "Placebo permutation 1 is not a permutation of the control positions");
  }

  @Test
  void placeboOfAnEstimateFromAnotherPanel() {
    SynthEstimate e = SyntheticDid.withMethod(SynthMethod.DID).estimate(valid().build());
    SynthPanel other = valid().treatedUnits("b").build();
    assertThatThrownBy(() -> SyntheticDid.placebo(other, e, PlaceboDraws.seeded(10, 1L)))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("The estimate was not computed from this panel");
  }

  @Test
  void negativeRegularizationIsRejected() {
    assertThatThrownBy(
            () ->
                SyntheticDid.builder()
                    .method(SynthMethod.SDID)
                    .unitWeightRegularization(-1.0)
                    .build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("unitWeightRegularization = -1.0 is invalid");
  }

  @Test
  void methodIsRequired() {
    assertThatThrownBy(() -> SyntheticDid.builder().build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Must provide the estimator (DID, SC, SDID, ...)");
  }
}
