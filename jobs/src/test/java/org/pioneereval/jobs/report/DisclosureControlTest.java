package org.pioneereval.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pioneereval.jobs.report.DisclosureControl.ProtectedCounts;

/** Disclosure control on crafted small cells: primary and secondary suppression. */
class DisclosureControlTest {

  private final DisclosureControl control = DisclosureControl.defaults();

  @Test
  void countsFromOneToSevenAreSuppressedZeroAndEightAreShown() {
    assertThat(control.threshold()).isEqualTo(8);
    assertThat(control.show(0)).isEqualTo("0");
    assertThat(control.show(1)).isEqualTo("*");
    assertThat(control.show(7)).isEqualTo("*");
    assertThat(control.show(8)).isEqualTo("8");
    assertThat(control.show(12_345)).isEqualTo("12,345");
  }

  @Test
  void aRowWithNoSmallCountIsShownInFull() {
    ProtectedCounts shown = control.protect(List.of(977L, 23L));

    assertThat(shown.parts()).containsExactly("977", "23");
    assertThat(shown.total()).isEqualTo("1,000");
  }

  @Test
  void oneSmallCountBesideItsTotalTakesTheNextSmallestCountWithIt() {
    // 500 + 3 + 40 = 543: with 500 and 40 shown, 543 - 540 would reveal the 3
    ProtectedCounts shown = control.protect(List.of(500L, 3L, 40L));

    assertThat(shown.parts()).containsExactly("500", "*", "*");
    assertThat(shown.total()).isEqualTo("543");
  }

  @Test
  void twoSmallCountsThatTogetherMakeASmallCountTakeAThirdWithThem() {
    // 1 + 1 beside 500 and a total of 502: the two cells are known to be 1 each
    assertThat(control.protect(List.of(1L, 1L, 500L)).parts()).containsExactly("*", "*", "*");
    // 3 + 4 = 7 people in the two suppressed cells would be a small count in its own right
    assertThat(control.protect(List.of(3L, 4L, 500L)).parts()).containsExactly("*", "*", "*");
    // 3 + 5 = 8: neither can be told from the other
    assertThat(control.protect(List.of(3L, 5L, 500L)).parts()).containsExactly("*", "*", "500");
  }

  @Test
  void zerosAreShownAndNeverChosenForSecondarySuppression() {
    ProtectedCounts shown = control.protect(List.of(0L, 3L, 0L, 90L));

    assertThat(shown.parts()).containsExactly("0", "*", "0", "*");
    assertThat(shown.total()).isEqualTo("93");
  }

  @Test
  void whenNoCountIsLeftToSuppressTheTotalIsSuppressed() {
    ProtectedCounts single = control.protect(List.of(5L, 0L));
    assertThat(single.parts()).containsExactly("*", "0");
    assertThat(single.total()).as("5 rows in all").isEqualTo("*");

    ProtectedCounts allSmall = control.protect(List.of(2L, 3L));
    assertThat(allSmall.parts()).containsExactly("*", "*");
    assertThat(allSmall.total()).isEqualTo("*");
  }

  @Test
  void partsAreProtectedAgainstATotalCountedOnItsOwn() {
    // 23 quarantined rows, 17 broke one rule and 6 another: 23 - 17 would reveal the 6
    ProtectedCounts rules = control.protect(List.of(17L, 6L), 23L);
    assertThat(rules.parts()).containsExactly("*", "*");
    assertThat(rules.total()).isEqualTo("23");

    // a row that broke both rules counts twice; the total of rows is still what is published
    ProtectedCounts overlapping = control.protect(List.of(10L, 3L), 10L);
    assertThat(overlapping.parts()).containsExactly("*", "*");
    assertThat(overlapping.total()).isEqualTo("10");
  }

  @Test
  void showWithTotalGivesTheProtectedParts() {
    assertThat(control.showWithTotal(List.of(995L, 5L))).containsExactly("*", "*");
    assertThat(control.showWithTotal(List.of(995L, 50L))).containsExactly("995", "50");
  }

  /**
   * The invariant, over every row of three counts from a grid that straddles the threshold: each
   * small count is suppressed, and when the total is shown the suppressed counts are at least two
   * and together make at least the threshold, so subtraction reveals neither a single cell nor a
   * small group of people.
   */
  @Test
  void noSuppressedCountCanBeRecoveredBySubtraction() {
    long[] values = {0, 1, 2, 3, 6, 7, 8, 9, 15, 40, 500};
    int rows = 0;
    for (long a : values) {
      for (long b : values) {
        for (long c : values) {
          List<Long> parts = List.of(a, b, c);
          ProtectedCounts shown = control.protect(parts);
          rows++;
          long suppressedSum = 0;
          int suppressed = 0;
          for (int i = 0; i < 3; i++) {
            long part = parts.get(i);
            String cell = shown.parts().get(i);
            if (control.isSmall(part)) {
              assertThat(cell).as("small count %d in %s", part, parts).isEqualTo("*");
            }
            if (part == 0) {
              assertThat(cell).as("zero in %s", parts).isEqualTo("0");
            }
            if (cell.equals("*")) {
              suppressed++;
              suppressedSum += part;
            }
          }
          if (!shown.total().equals("*") && suppressed > 0) {
            assertThat(suppressed)
                .as("suppressed cells of %s -> %s", parts, shown)
                .isGreaterThanOrEqualTo(2);
            assertThat(suppressedSum)
                .as("what subtraction reveals of %s -> %s", parts, shown)
                .isGreaterThanOrEqualTo(control.threshold());
          }
          if (shown.total().equals("*")) {
            assertThat(a + b + c)
                .as("a suppressed total of %s", parts)
                .isLessThan(control.threshold());
          }
        }
      }
    }
    assertThat(rows).isEqualTo(11 * 11 * 11);
  }

  @Test
  void theThresholdIsConfigurable() {
    DisclosureControl five = DisclosureControl.withThreshold(5);

    assertThat(five.show(4)).isEqualTo("*");
    assertThat(five.show(5)).isEqualTo("5");
    assertThat(five.protect(List.of(4L, 100L)).parts()).containsExactly("*", "*");
    assertThat(five.ruleInWords()).startsWith("Counts of 1 to 4 are shown as *.");
  }

  @Test
  void anEstimateNeedsAtLeastTheThresholdOfUnitsBehindIt() {
    assertThat(control.mayShowEstimate(7)).isFalse();
    assertThat(control.mayShowEstimate(8)).isTrue();
  }

  @Test
  void invalidInputIsRefusedWithAMessage() {
    assertThatThrownBy(() -> DisclosureControl.withThreshold(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 (got 0)");
    assertThatThrownBy(() -> control.protect(List.of(5L, -1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be negative");
  }
}
