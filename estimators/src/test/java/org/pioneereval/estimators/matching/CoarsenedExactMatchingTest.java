package org.pioneereval.estimators.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.EstimationException;

/** Coarsened exact matching with user cut points, weights as MatchIt method = "cem" (ATT). */
class CoarsenedExactMatchingTest {
  private static final boolean T = true;
  private static final boolean C = false;

  @Test
  void strataAndWeightsByHand() {
    // age cut at 30 and 50: bins <30, [30,50), >=50 (30 goes up); female matched exactly.
    // row: group, age, female -> stratum
    //  0 T 25 1 (<30,f)     2 C 29 1 (<30,f)                       -> matched, 1 T : 1 C
    //  1 T 30 1 ([30,50),f) 3 C 45 1, 4 C 35 1 ([30,50),f)          -> matched, 1 T : 2 C
    //  5 T 60 0 (>=50,m)    8 C 55 0, 9 C 52 0 (>=50,m)             -> matched, 1 T : 2 C
    //  6 C 70 1 (>=50,f): no treated -> dropped; 7 T 40 0 ([30,50),m): no control -> dropped
    // Control weights n_T/n_C: row 2 -> 1, rows 3, 4, 8, 9 -> 1/2; they sum to 3 over 5 matched
    // controls, so times 5/3: row 2 -> 5/3, the others 5/6.
    Covariates x =
        Covariates.builder()
            .add("age", new double[] {25, 30, 29, 45, 35, 60, 70, 40, 55, 52})
            .add("female", new double[] {1, 1, 1, 1, 1, 0, 1, 0, 0, 0})
            .build();
    boolean[] treated = {T, T, C, C, C, T, C, T, C, C};

    CoarsenedSample s =
        CoarsenedExactMatching.builder()
            .cutPoints("age", 30, 50)
            .exact("female")
            .build()
            .match(x, treated);

    assertThat(s.stratum()).containsExactly(0, 1, 0, 1, 1, 2, -1, -1, 2, 2);
    assertThat(s.strata()).isEqualTo(5);
    assertThat(s.matchedStrata()).isEqualTo(3);
    double[] expected = {1, 1, 5.0 / 3, 5.0 / 6, 5.0 / 6, 1, 0, 0, 5.0 / 6, 5.0 / 6};
    double[] w = s.weights();
    for (int i = 0; i < w.length; i++) {
      assertThat(w[i]).as("weight of row %d", i).isCloseTo(expected[i], within(1e-15));
    }
    assertThat(s.cutPoints().get("age")).containsExactly(30, 50);
    assertThat(s.cutPoints().get("female")).isEmpty();
  }

  @Test
  void errorsSayWhatToChange() {
    Covariates x =
        Covariates.builder()
            .add("age", new double[] {25, 35, 45, 55})
            .add("female", new double[] {1, 1, 0, 0})
            .build();
    boolean[] treated = {T, T, C, C};
    assertThatThrownBy(() -> CoarsenedExactMatching.builder().cutPoints("age", 50, 40))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Cut points for 'age' are invalid (40.0 does not exceed 50.0)");
    assertThatThrownBy(
            () -> CoarsenedExactMatching.builder().exact("sex").build().match(x, treated))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Covariate 'sex' is not among the covariates ([age, female])");
    // female 1 are all treated, female 0 all controls
    assertThatThrownBy(
            () -> CoarsenedExactMatching.builder().exact("female").build().match(x, treated))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("None of the 2 coarsened strata contains both treated and control");
  }
}
