package org.pioneereval.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {

  @Test
  void eachOperatorComparesAsOdcsDefinesIt() {
    assertThat(Threshold.of(Threshold.Operator.MUST_BE, 0).isSatisfiedBy(0)).isTrue();
    assertThat(Threshold.of(Threshold.Operator.MUST_BE, 0).isSatisfiedBy(1)).isFalse();
    assertThat(Threshold.of(Threshold.Operator.MUST_NOT_BE, 3).isSatisfiedBy(3)).isFalse();
    assertThat(Threshold.of(Threshold.Operator.MUST_BE_GREATER_THAN, 0).isSatisfiedBy(0)).isFalse();
    assertThat(Threshold.of(Threshold.Operator.MUST_BE_GREATER_OR_EQUAL_TO, 0).isSatisfiedBy(0))
        .isTrue();
    assertThat(Threshold.of(Threshold.Operator.MUST_BE_LESS_THAN, 50).isSatisfiedBy(50)).isFalse();
    assertThat(Threshold.of(Threshold.Operator.MUST_BE_LESS_OR_EQUAL_TO, 50).isSatisfiedBy(50))
        .isTrue();
    Threshold between = Threshold.between(Threshold.Operator.MUST_BE_BETWEEN, 1, 124);
    assertThat(between.isSatisfiedBy(1)).isTrue();
    assertThat(between.isSatisfiedBy(124)).isTrue();
    assertThat(between.isSatisfiedBy(125)).isFalse();
    Threshold notBetween = Threshold.between(Threshold.Operator.MUST_NOT_BE_BETWEEN, 1, 5);
    assertThat(notBetween.isSatisfiedBy(5)).isFalse();
    assertThat(notBetween.isSatisfiedBy(6)).isTrue();
  }

  @Test
  void printsAsWrittenInAContract() {
    assertThat(Threshold.zero()).hasToString("mustBe: 0");
    assertThat(Threshold.of(Threshold.Operator.MUST_BE_LESS_THAN, 0.5))
        .hasToString("mustBeLessThan: 0.5");
    assertThat(Threshold.between(Threshold.Operator.MUST_BE_BETWEEN, 1, 124))
        .hasToString("mustBeBetween: [1, 124]");
  }

  @Test
  void betweenNeedsTheSmallestBoundFirst() {
    assertThatThrownBy(() -> Threshold.between(Threshold.Operator.MUST_BE_BETWEEN, 5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("low <= high");
  }
}
