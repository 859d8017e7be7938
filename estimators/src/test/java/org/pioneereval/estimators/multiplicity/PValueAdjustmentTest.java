package org.pioneereval.estimators.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.EstimationException;

/**
 * Adjusted p-values against R 4.2.2 {@code p.adjust}, on a family with ties (three p-values of
 * 0.04) and two p-values of 1:
 *
 * <pre>
 * p &lt;- c(0.01, 0.04, 0.04, 0.03, 0.5, 1, 1, 0.001, 0.2, 0.04, 0.0125)
 * for (m in c("bonferroni", "holm", "BH")) cat(m, sprintf("%.17g", p.adjust(p, m)), "\n")
 * </pre>
 */
class PValueAdjustmentTest {
  private static final double[] P = {0.01, 0.04, 0.04, 0.03, 0.5, 1, 1, 0.001, 0.2, 0.04, 0.0125};
  private static final double EXACT = 1e-15;

  @Test
  void bonferroniAsPAdjust() {
    double[] expected = {0.11, 0.44, 0.44, 0.33, 1, 1, 1, 0.011, 1, 0.44, 0.1375};
    assertThat(PValueAdjustment.BONFERRONI.adjust(P)).containsExactly(expected, within(EXACT));
  }

  @Test
  void holmAsPAdjust() {
    double[] expected = {0.10, 0.28, 0.28, 0.24, 1, 1, 1, 0.011, 0.8, 0.28, 0.1125};
    assertThat(PValueAdjustment.HOLM.adjust(P)).containsExactly(expected, within(EXACT));
  }

  @Test
  void benjaminiHochbergAsPAdjust() {
    double[] expected = {
      0.045833333333333337,
      0.062857142857142861,
      0.062857142857142861,
      0.062857142857142861,
      0.61111111111111116,
      1,
      1,
      0.011,
      0.275,
      0.062857142857142861,
      0.045833333333333337
    };
    assertThat(PValueAdjustment.BENJAMINI_HOCHBERG.adjust(P))
        .containsExactly(expected, within(EXACT));
  }

  @Test
  void missingPValuesStayMissingAndDoNotCount() {
    // q <- c(0.02, NA, 0.01, 1): bonferroni 0.06 NA 0.03 1; holm 0.04 NA 0.03 1; BH 0.03 NA 0.03 1
    double[] q = {0.02, Double.NaN, 0.01, 1};
    assertThat(PValueAdjustment.BONFERRONI.adjust(q))
        .containsExactly(new double[] {0.06, Double.NaN, 0.03, 1}, within(EXACT));
    assertThat(PValueAdjustment.HOLM.adjust(q))
        .containsExactly(new double[] {0.04, Double.NaN, 0.03, 1}, within(EXACT));
    assertThat(PValueAdjustment.BENJAMINI_HOCHBERG.adjust(q))
        .containsExactly(new double[] {0.03, Double.NaN, 0.03, 1}, within(EXACT));
  }

  @Test
  void inputIsNotModifiedAndTiesGetEqualValues() {
    double[] p = P.clone();
    double[] holm = PValueAdjustment.HOLM.adjust(p);
    assertThat(p).containsExactly(P);
    assertThat(holm[1]).isEqualTo(holm[2]).isEqualTo(holm[9]);
  }

  @Test
  void namedFamilyOfOutcomes() {
    Map<String, Double> family = new LinkedHashMap<>();
    family.put("overall satisfaction", 0.01);
    family.put("care coordinated", 0.04);
    family.put("involved in decisions", 0.03);
    family.put("knew whom to contact", 0.5);
    AdjustedPValues holm = AdjustedPValues.of(PValueAdjustment.HOLM, family);
    // p.adjust(c(0.01, 0.04, 0.03, 0.5), "holm") = 0.04 0.09 0.09 0.50
    assertThat(holm.adjusted("overall satisfaction")).isCloseTo(0.04, within(EXACT));
    assertThat(holm.adjusted("care coordinated")).isCloseTo(0.09, within(EXACT));
    assertThat(holm.adjusted("involved in decisions")).isCloseTo(0.09, within(EXACT));
    assertThat(holm.adjusted("knew whom to contact")).isCloseTo(0.5, within(EXACT));
    assertThat(holm.raw("care coordinated")).isEqualTo(0.04);
    assertThat(holm.rejected(0.05)).containsExactly("overall satisfaction");
    assertThat(holm.method()).isEqualTo(PValueAdjustment.HOLM);
    // p.adjust(c(0.01, 0.04, 0.03, 0.5), "BH") = 0.04 0.0533333333333333 0.0533333333333333 0.5
    AdjustedPValues bh = AdjustedPValues.of(PValueAdjustment.BENJAMINI_HOCHBERG, family);
    assertThat(bh.adjusted())
        .containsExactly(new double[] {0.04, 0.16 / 3, 0.16 / 3, 0.5}, within(1e-15));
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> PValueAdjustment.HOLM.adjust(new double[] {0.2, 1.5}))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("p-value[1] = 1.5 is not in [0, 1]")
        .hasMessageContaining("NaN for outcomes that were not estimated");
    assertThatThrownBy(
            () ->
                AdjustedPValues.of(
                    PValueAdjustment.HOLM, List.of("a", "a"), new double[] {0.1, 0.2}))
        .hasMessageContaining("Outcome 'a' appears twice");
    assertThatThrownBy(
            () -> AdjustedPValues.of(PValueAdjustment.HOLM, List.of("a"), new double[] {0.1, 0.2}))
        .hasMessageContaining("outcomes has 1 entries but 2 are expected, one per p-value");
    AdjustedPValues a =
        AdjustedPValues.of(PValueAdjustment.BONFERRONI, List.of("a"), new double[] {0.1});
    assertThatThrownBy(() -> a.adjusted("b")).hasMessageContaining("No outcome named 'b'");
  }
}
