package org.pioneereval.estimators.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.matching.MatchedCohortReference.Patient;

/**
 * The cell sums are a commutative monoid, and {@link MatchedCohortDid} depends only on the merged
 * sums: splitting the patients of a cell across any number of accumulators (Spark partitions),
 * passing the partial cells in any order, or merging them in any order gives the same estimates.
 */
class MatchedCohortDidMergeTest {
  private static final double TOLERANCE = 1e-12;
  private static final List<Patient> PATIENTS = MatchedCohortReference.patients();

  @Test
  void mergingTheStatesOfTwoPartsEqualsTheStateOfTheUnionInEitherOrder() {
    CohortCellSums all = CohortCellSums.empty();
    CohortCellSums a = CohortCellSums.empty();
    CohortCellSums b = CohortCellSums.empty();
    for (Patient p : PATIENTS) {
      all.add(p.weight(), p.costPre(), p.costPost());
      (p.patient() % 3 == 0 ? a : b).add(p.weight(), p.costPre(), p.costPost());
    }
    assertThat(a.merge(b).isCloseTo(all, TOLERANCE)).isTrue();
    assertThat(b.merge(a).isCloseTo(all, TOLERANCE)).isTrue();
    assertThat(a.merge(CohortCellSums.empty()).isCloseTo(a, 0.0)).isTrue();
    // 389 patients, of which the weight-0 ones enter only zeroWeightPatients
    assertThat(all.patients() + all.zeroWeightPatients()).isEqualTo(389);
    assertThat(all.patients()).isEqualTo(299);
  }

  @Test
  void totalsRebuildTheSameState() {
    CohortCellSums s = CohortCellSums.empty();
    for (Patient p : PATIENTS) {
      s.add(p.weight(), p.emergencyPre(), p.emergencyPost());
    }
    CohortCellSums rebuilt =
        CohortCellSums.fromTotals()
            .patients(s.patients())
            .patientsWithOutcome(s.patientsWithOutcome())
            .zeroWeightPatients(s.zeroWeightPatients())
            .sumOfWeights(s.sumOfWeights())
            .sumOfSquaredWeights(s.sumOfSquaredWeights())
            .weightedPre(s.weightedPre())
            .weightedPost(s.weightedPost())
            .weightedChange(s.weightedChange())
            .weightedSquaredChange(s.weightedSquaredChange())
            .squaredWeightChange(s.squaredWeightChange())
            .squaredWeightSquaredChange(s.squaredWeightSquaredChange())
            .build();
    assertThat(rebuilt.isCloseTo(s, 0.0)).isTrue();
  }

  @Test
  void estimatesDoNotDependOnHowPatientsAreSplitAcrossAccumulators() {
    for (String outcome : List.of("emergency", "cost")) {
      MatchedCohortDid oneCellEach =
          MatchedCohortDid.of(MatchedCohortReference.cells(PATIENTS, outcome));
      CohortEffect[] reference = effects(oneCellEach);
      for (long seed = 1; seed <= 5; seed++) {
        MatchedCohortDid split = MatchedCohortDid.of(splitCells(outcome, seed));
        CohortEffect[] effects = effects(split);
        for (int k = 0; k < effects.length; k++) {
          assertSame(effects[k], reference[k]);
        }
      }
    }
  }

  /** Each patient goes to one of 1-7 random partial cells of its (site, group); shuffled. */
  private static List<CohortCell> splitCells(String outcome, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Patient> shuffled = new ArrayList<>(PATIENTS);
    Collections.shuffle(shuffled, new Random(seed));
    int partitions = 1 + r.nextInt(7);
    List<CohortCell> cells = new ArrayList<>();
    java.util.Map<String, CohortCellSums[]> parts = new java.util.LinkedHashMap<>();
    for (Patient p : shuffled) {
      String key = (p.treated() ? "T" : "C") + p.cluster();
      CohortCellSums[] slot =
          parts.computeIfAbsent(
              key,
              k -> {
                CohortCellSums[] s = new CohortCellSums[partitions];
                for (int i = 0; i < partitions; i++) {
                  s[i] = CohortCellSums.empty();
                }
                return s;
              });
      slot[r.nextInt(partitions)].add(p.weight(), p.pre(outcome), p.post(outcome));
    }
    parts.forEach(
        (key, slot) -> {
          String cluster = "site-" + key.substring(1);
          // half of the time pre-merge the partial states in a random order, else pass them all
          if (r.nextBoolean()) {
            CohortCellSums merged = CohortCellSums.empty();
            for (int i = slot.length - 1; i >= 0; i--) {
              merged = slot[i].merge(merged);
            }
            slot = new CohortCellSums[] {merged};
          }
          for (CohortCellSums s : slot) {
            cells.add(
                key.charAt(0) == 'T'
                    ? CohortCell.treated(cluster, s)
                    : CohortCell.control(cluster, s));
          }
        });
    Collections.shuffle(cells, new Random(seed + 100));
    return cells;
  }

  private static CohortEffect[] effects(MatchedCohortDid did) {
    return new CohortEffect[] {did.difference(), did.differenceRobust(), did.rateRatio()};
  }

  private static void assertSame(CohortEffect actual, CohortEffect expected) {
    assertThat(actual.estimate())
        .isCloseTo(expected.estimate(), within(TOLERANCE * Math.abs(expected.estimate())));
    assertThat(actual.standardError())
        .isCloseTo(expected.standardError(), within(TOLERANCE * expected.standardError()));
    assertThat(actual.pValue()).isCloseTo(expected.pValue(), within(1e-10 * expected.pValue()));
    assertThat(actual.clusters()).isEqualTo(expected.clusters());
    assertThat(actual.observations()).isEqualTo(expected.observations());
    assertThat(actual.treated().patients()).isEqualTo(expected.treated().patients());
    assertThat(actual.control().patients()).isEqualTo(expected.control().patients());
  }
}
