package org.pioneereval.estimators.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.EstimationException;

/** Nearest-neighbour matching: hand-derived cases, MatchIt's rules, and the fast search. */
class NearestNeighbourMatchingTest {
  private static final boolean T = true;
  private static final boolean C = false;

  @Test
  void caliperAndExactStrataByHand() {
    // row: group, stratum, PS
    //  0: T A 0.70 | 1: C A 0.64 | 2: T A 0.50 | 3: C A 0.52 | 4: C A 0.69 | 5: C A 0.405
    //  6: T B 0.40 | 7: C B 0.41 | 8: C B 0.60 | 9: T B 0.45 | 10: C A 0.52 (ties row 3)
    // 1:1, no replacement, caliper 0.05 (PS units), largest PS first: 0, 2, 9, 6.
    //  row 0 (A, .70): A controls 1 (.06), 3 (.18), 4 (.01), 5 (.295), 10 (.18) -> 4
    //  row 2 (A, .50): 1 (.14), 3 (.02), 5 (.095), 10 (.02): 3 and 10 tie -> 3 (first in data)
    //  row 9 (B, .45): 7 (.04 <= .05), 8 (.15) -> 7
    //  row 6 (B, .40): only 8 (.20 > .05) is left in B -> unmatched. Control 5 (A, .405) would be
    //  nearest without strata, but it is in stratum A.
    double[] ps = {0.70, 0.64, 0.50, 0.52, 0.69, 0.405, 0.40, 0.41, 0.60, 0.45, 0.52};
    boolean[] treated = {T, C, T, C, C, C, T, C, C, T, C};
    int[] stratum = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1};

    MatchedSample m =
        NearestNeighbourMatching.builder()
            .caliper(Caliper.distanceUnits(0.05))
            .build()
            .match(ps, treated, stratum);

    assertThat(m.matchedControls(0)).containsExactly(4);
    assertThat(m.matchedControls(2)).containsExactly(3);
    assertThat(m.matchedControls(9)).containsExactly(7);
    assertThat(m.matchedControls(6)).isEmpty();
    assertThat(m.matchedTreatedCount()).isEqualTo(3);
    assertThat(m.unmatchedTreatedCount()).isEqualTo(1);
    assertThat(m.matchedControlCount()).isEqualTo(3);
    assertThat(m.weights()).containsExactly(1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0);
    // pairs numbered in the data order of their treated unit: rows 0, 2, 9
    assertThat(m.subclass()).containsExactly(0, -1, 1, 1, 0, -1, -1, 2, -1, 2, -1);
    assertThat(m.caliperWidth()).isEqualTo(0.05);
  }

  @Test
  void equidistantControlsGoToTheFirstInDataOrderOnEitherSide() {
    // dyadic PS values, so |0.625 - 0.5| == |0.375 - 0.5| exactly
    boolean[] treated = {C, C, T};
    NearestNeighbourMatching nn = NearestNeighbourMatching.builder().build();
    assertThat(nn.match(new double[] {0.625, 0.375, 0.5}, treated).matchedControls(2))
        .containsExactly(0); // the higher one, because it comes first
    assertThat(nn.match(new double[] {0.375, 0.625, 0.5}, treated).matchedControls(2))
        .containsExactly(0); // the lower one, because it comes first
  }

  @Test
  void oneToTwoWithoutReplacementMatchesInRoundsAndWeightsAsMatchIt() {
    // rows: 0 T .60, 1 T .58, 2 C .59, 3 C .57, 4 C .50; 1:2, largest first.
    // Round 1: row 0 takes 2 (.01 < .03); row 1 takes 3 (.01; 2 is gone). Round 2: row 0 takes 4
    // (.10), row 1 finds nothing left. (Without rounds row 0 would take 2 and 3.)
    // Weights: control 2 and 4 get 1/2 (row 0 has two), control 3 gets 1; sum 2 over 3 matched
    // controls, rescaled by 3/2: 0.75, 1.5, 0.75.
    double[] ps = {0.60, 0.58, 0.59, 0.57, 0.50};
    boolean[] treated = {T, T, C, C, C};

    MatchedSample m = NearestNeighbourMatching.builder().ratio(2).build().match(ps, treated);

    assertThat(m.matchedControls(0)).containsExactly(2, 4);
    assertThat(m.matchedControls(1)).containsExactly(3);
    assertThat(m.weights()).containsExactly(1, 1, 0.75, 1.5, 0.75);
    assertThat(m.subclass()).containsExactly(0, 1, 0, 1, 0);
    assertThat(m.pairCount()).isEqualTo(3);
  }

  @Test
  void oneToTwoWithReplacementReusesControlsAndHasNoSubclasses() {
    // rows: 0 T .60, 1 T .50, 2 C .61, 3 C .55, 4 C .40.
    // row 0: 2 (.01), 3 (.05); row 1: 3 (.05), 4 (.10) (2 is .11 away).
    // Weights: 2 -> 1/2, 3 -> 1/2 + 1/2 = 1, 4 -> 1/2; sum 2 over 3 controls, times 3/2.
    double[] ps = {0.60, 0.50, 0.61, 0.55, 0.40};
    boolean[] treated = {T, T, C, C, C};

    MatchedSample m =
        NearestNeighbourMatching.builder().ratio(2).withReplacement().build().match(ps, treated);

    assertThat(m.matchedControls(0)).containsExactly(2, 3);
    assertThat(m.matchedControls(1)).containsExactly(3, 4);
    assertThat(m.weights()).containsExactly(1, 1, 0.75, 1.5, 0.75);
    assertThat(m.hasSubclasses()).isFalse();
    assertThatThrownBy(m::subclass)
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("formed with replacement");
  }

  @Test
  void standardisedCaliperUsesTheSdOfTheDistanceOverAllUnits() {
    // PS .8 (T), .6 (C), .4 (T), .2 (C): SD = sqrt((.09 + .01 + .01 + .09) / 3) = 0.2582;
    // logits +-1.3863, +-0.4055: SD = sqrt(2 (1.3863^2 + 0.4055^2) / 3) = 1.1793.
    double[] ps = {0.8, 0.6, 0.4, 0.2};
    boolean[] treated = {T, C, T, C};
    MatchedSample onPs =
        NearestNeighbourMatching.builder()
            .caliper(Caliper.standardDeviations(1.0))
            .build()
            .match(ps, treated);
    assertThat(onPs.distanceStandardDeviation()).isCloseTo(Math.sqrt(0.2 / 3), within(1e-12));
    // both nearest controls are .2 away, within 0.2582
    assertThat(onPs.matchedControls(0)).containsExactly(1);
    assertThat(onPs.matchedControls(2)).containsExactly(3);

    // on the logit scale the caliper is 1 SD = 1.1793: row 0 (1.3863) takes row 1 (0.4055, 0.98
    // away); row 2 (-0.4055) is then 0.98 from row 3 (-1.3863): both within
    MatchedSample onLogit =
        NearestNeighbourMatching.builder()
            .distance(MatchingDistance.LOGIT_PROPENSITY_SCORE)
            .caliper(Caliper.standardDeviations(1.0))
            .build()
            .match(ps, treated);
    double l8 = Math.log(4.0);
    double l6 = Math.log(1.5);
    double sd = Math.sqrt(2 * (l8 * l8 + l6 * l6) / 3);
    assertThat(sd).isCloseTo(1.1793, within(5e-5));
    assertThat(onLogit.distanceStandardDeviation()).isCloseTo(sd, within(1e-12));
    assertThat(onLogit.caliperWidth()).isCloseTo(sd, within(1e-12));
    assertThat(onLogit.matchedControls(0)).containsExactly(1);
    assertThat(onLogit.matchedControls(2)).containsExactly(3);
    // 0.6 SD (0.708) leaves both unmatched: the nearest pairs are 0.98 and 0.81 apart
    assertThatThrownBy(
            () ->
                NearestNeighbourMatching.builder()
                    .distance(MatchingDistance.LOGIT_PROPENSITY_SCORE)
                    .caliper(Caliper.standardDeviations(0.6))
                    .build()
                    .match(ps, treated))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("No treated unit could be matched");

    // half an SD on the PS scale (0.129) admits no control at .2 distance
    assertThatThrownBy(
            () ->
                NearestNeighbourMatching.builder()
                    .caliper(Caliper.standardDeviations(0.5))
                    .build()
                    .match(ps, treated))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("No treated unit could be matched");
  }

  @Test
  void errorsSayWhatToChange() {
    assertThatThrownBy(() -> NearestNeighbourMatching.builder().ratio(0).build())
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("ratio = 0 is below 1");
    assertThatThrownBy(() -> Caliper.standardDeviations(-0.2))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Caliper width -0.2 is not a positive finite number");

    // stratum 7 holds two treated units and no control
    double[] ps = {0.3, 0.4, 0.5, 0.6};
    boolean[] treated = {T, C, T, T};
    int[] strata = {3, 3, 7, 7};
    assertThatThrownBy(() -> NearestNeighbourMatching.builder().build().match(ps, treated, strata))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("stratum 7 has 2 treated unit(s) but no control")
        .hasMessageContaining("dropTreatedWithoutControls()");
    MatchedSample dropped =
        NearestNeighbourMatching.builder()
            .dropTreatedWithoutControls()
            .build()
            .match(ps, treated, strata);
    assertThat(dropped.matchedControls(0)).containsExactly(1);
    assertThat(dropped.unmatchedTreatedCount()).isEqualTo(2);

    assertThatThrownBy(
            () ->
                NearestNeighbourMatching.builder()
                    .distance(MatchingDistance.LOGIT_PROPENSITY_SCORE)
                    .build()
                    .match(new double[] {0.5, 1.0}, new boolean[] {T, C}))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("propensityScore[1] = 1.0 is not strictly between 0 and 1");
    assertThatThrownBy(
            () ->
                NearestNeighbourMatching.builder()
                    .build()
                    .match(new double[] {0.5, 0.4}, new boolean[] {T, T}))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("There are no control units");
  }

  /**
   * The sorted outward search equals MatchIt's nn_matchC loop (scan every eligible control, take
   * the first minimum in data order), on data with many exactly tied scores, strata and calipers.
   */
  @Test
  void fastSearchEqualsMatchItsExhaustiveScan() {
    SplittableRandom r = new SplittableRandom(99L);
    for (int rep = 0; rep < 60; rep++) {
      int n = 50 + r.nextInt(250);
      double[] ps = new double[n];
      boolean[] treated = new boolean[n];
      int[] strata = new int[n];
      for (int i = 0; i < n; i++) {
        // few distinct values: many exact ties among controls and among treated
        ps[i] = (1 + r.nextInt(40)) / 41.0;
        treated[i] = r.nextDouble() < 0.3;
        strata[i] = r.nextInt(3);
      }
      int k = 1 + r.nextInt(3);
      double caliper = rep % 3 == 0 ? Double.POSITIVE_INFINITY : 0.02 + r.nextDouble() * 0.1;
      boolean withStrata = rep % 2 == 0;
      for (Replacement replacement : Replacement.values()) {
        NearestNeighbourMatching.Builder b =
            NearestNeighbourMatching.builder().ratio(k).dropTreatedWithoutControls();
        if (caliper != Double.POSITIVE_INFINITY) {
          b.caliper(Caliper.distanceUnits(caliper));
        }
        if (replacement == Replacement.WITH) {
          b.withReplacement();
        }
        int[] s = withStrata ? strata : null;
        int[][] expected = exhaustive(ps, treated, s, k, caliper, replacement);
        MatchedSample m;
        try {
          m = b.build().match(ps, treated, s);
        } catch (EstimationException e) {
          assertThat(Arrays.stream(expected).allMatch(x -> x.length == 0)).isTrue();
          continue;
        }
        for (int i = 0; i < n; i++) {
          if (treated[i]) {
            int[] got = m.matchedControls(i);
            if (replacement == Replacement.WITH) {
              Arrays.sort(got); // MatchIt stores with-replacement matches in no particular order
            }
            assertThat(got)
                .as("rep %d, %s, treated row %d", rep, replacement, i)
                .isEqualTo(expected[i]);
          }
        }
      }
    }
  }

  /** A direct transcription of MatchIt 4.4 nn_matchC for a PS distance (largest first). */
  private static int[][] exhaustive(
      double[] ps,
      boolean[] treated,
      int[] strata,
      int k,
      double caliper,
      Replacement replacement) {
    int n = ps.length;
    Integer[] order =
        java.util.stream.IntStream.range(0, n)
            .filter(i -> treated[i])
            .boxed()
            .sorted((a, b) -> Double.compare(ps[b], ps[a]))
            .toArray(Integer[]::new);
    int[][] mm = new int[n][0];
    boolean[] used = new boolean[n];
    int rounds = replacement == Replacement.WITH ? 1 : k;
    for (int round = 0; round < rounds; round++) {
      for (int t : order) {
        if (mm[t].length < round) {
          continue;
        }
        int take = replacement == Replacement.WITH ? k : 1;
        int[] chosen = new int[0];
        boolean[] excluded = new boolean[n];
        for (int c = 0; c < take; c++) {
          int best = -1;
          double bestD = Double.POSITIVE_INFINITY;
          for (int j = 0; j < n; j++) {
            if (treated[j] || used[j] || excluded[j]) {
              continue;
            }
            if (strata != null && strata[j] != strata[t]) {
              continue;
            }
            double d = Math.abs(ps[j] - ps[t]);
            if (d <= caliper && d < bestD) {
              bestD = d;
              best = j;
            }
          }
          if (best < 0) {
            break;
          }
          excluded[best] = true;
          chosen = Arrays.copyOf(chosen, chosen.length + 1);
          chosen[chosen.length - 1] = best;
        }
        if (replacement == Replacement.WITHOUT && chosen.length == 1) {
          used[chosen[0]] = true;
        }
        int[] all = Arrays.copyOf(mm[t], mm[t].length + chosen.length);
        System.arraycopy(chosen, 0, all, mm[t].length, chosen.length);
        mm[t] = all;
      }
    }
    if (replacement == Replacement.WITH) {
      for (int[] row : mm) {
        Arrays.sort(row);
      }
    }
    return mm;
  }
}
