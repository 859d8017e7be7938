package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pioneereval.estimators.LalondeMatchItReferenceTest.DATA;
import static org.pioneereval.estimators.LalondeMatchItReferenceTest.PROPENSITY;
import static org.pioneereval.estimators.LalondeMatchItReferenceTest.TREATED;
import static org.pioneereval.estimators.LalondeMatchItReferenceTest.assertPrinted;
import static org.pioneereval.estimators.LalondeMatchItReferenceTest.race;

import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.matching.BalanceTable;
import org.pioneereval.estimators.matching.CoarsenedExactMatching;
import org.pioneereval.estimators.matching.CoarsenedSample;
import org.pioneereval.estimators.matching.CovariateBalance;
import org.pioneereval.estimators.matching.Covariates;
import org.pioneereval.estimators.matching.InverseProbabilityWeights;
import org.pioneereval.estimators.matching.SampleSizes;

/**
 * Weighted balance on Lalonde against R MatchIt 4.5.1 (Debian), a second opinion computed here, not
 * published (reference/lalonde_matchit/matchit451_cem_ipw.R and its output): coarsened exact
 * matching with user cut points and ATT odds weights. Numbers as printed (7 significant digits), to
 * half a unit of the last digit.
 */
class LalondeMatchItWeightingTest {
  private static Covariates balanceCovariates(boolean withDistance) {
    Covariates.Builder b = Covariates.builder();
    if (withDistance) {
      b.add("distance", PROPENSITY);
    }
    return b.add("age", DATA.numbers("age"))
        .add("educ", DATA.numbers("educ"))
        .add("raceblack", race("black"))
        .add("racehispan", race("hispan"))
        .add("racewhite", race("white"))
        .add("married", DATA.numbers("married"))
        .add("nodegree", DATA.numbers("nodegree"))
        .add("re74", DATA.numbers("re74"))
        .add("re75", DATA.numbers("re75"))
        .build();
  }

  private static void assertRows(BalanceTable table, String[][] expected) {
    for (String[] row : expected) {
      CovariateBalance b = table.after(row[0]);
      assertPrinted(b.meanTreated(), row[1], row[0] + " means treated");
      assertPrinted(b.meanControl(), row[2], row[0] + " means control");
      assertPrinted(b.standardizedMeanDifference(), row[3], row[0] + " SMD");
      assertPrinted(b.varianceRatio(), row[4], row[0] + " variance ratio");
      assertPrinted(b.ecdfMean(), row[5], row[0] + " eCDF mean");
      assertPrinted(b.ecdfMax(), row[6], row[0] + " eCDF max");
    }
  }

  @Test
  void coarsenedExactMatchingWeightsAndBalanceAsMatchItCem() {
    // cutpoints = list(age = c(20, 25, 30, 35), educ = c(9, 12), married = c(0.5, 0.6),
    // nodegree = c(0.5, 0.6), re74 = c(1, 5000), re75 = c(1, 5000)); race (a factor) exact
    double[] raceCode = new double[DATA.size()];
    double[] hispan = race("hispan");
    double[] white = race("white");
    for (int i = 0; i < raceCode.length; i++) {
      raceCode[i] = hispan[i] + 2 * white[i];
    }
    Covariates coarsened =
        Covariates.builder()
            .add("age", DATA.numbers("age"))
            .add("educ", DATA.numbers("educ"))
            .add("race", raceCode)
            .add("married", DATA.numbers("married"))
            .add("nodegree", DATA.numbers("nodegree"))
            .add("re74", DATA.numbers("re74"))
            .add("re75", DATA.numbers("re75"))
            .build();
    CoarsenedSample cem =
        CoarsenedExactMatching.builder()
            .cutPoints("age", 20, 25, 30, 35)
            .cutPoints("educ", 9, 12)
            .exact("race")
            .cutPoints("married", 0.5, 0.6)
            .cutPoints("nodegree", 0.5, 0.6)
            .cutPoints("re74", 1, 5000)
            .cutPoints("re75", 1, 5000)
            .build()
            .match(coarsened, TREATED);

    assertThat(cem.matchedStrata()).isEqualTo(30); // nlevels(m$subclass)
    BalanceTable table = BalanceTable.of(balanceCovariates(false), TREATED, cem.weights());
    SampleSizes s = table.sampleSizes();
    // Matched (ESS) 22.95 / 103, Matched 87 / 103, Unmatched 342 / 82
    assertThat(s.controlMatched()).isEqualTo(87);
    assertThat(s.treatedMatched()).isEqualTo(103);
    assertThat(s.unmatchedControl()).isEqualTo(342);
    assertThat(s.unmatchedTreated()).isEqualTo(82);
    assertPrinted(s.controlEffective(), "22.95", "control ESS");
    assertPrinted(s.treatedEffective(), "103", "treated ESS");
    assertRows(
        table,
        new String[][] {
          {"age", "24.4757282", "24.6235013", "-0.0206531", "0.6030062", "0.0396066", "0.1601942"},
          {"educ", "10.6407767", "10.5232393", "0.0584574", "0.6466606", "0.0198806", "0.1018031"},
          {"raceblack", "0.9126214", "0.9126214", "0.0000000", ".", "0.0000000", "0.0000000"},
          {"racehispan", "0.0097087", "0.0097087", "0.0000000", ".", "0.0000000", "0.0000000"},
          {"racewhite", "0.0776699", "0.0776699", "0.0000000", ".", "0.0000000", "0.0000000"},
          {"married", "0.0679612", "0.0679612", "-0.0000000", ".", "0.0000000", "0.0000000"},
          {"nodegree", "0.6116505", "0.6116505", "-0.0000000", ".", "0.0000000", "0.0000000"},
          {
            "re74",
            "1459.0380437",
            "1155.6175311",
            "0.0620921",
            "1.0586979",
            "0.0274509",
            "0.0766528"
          },
          {"re75", "795.0879927", "688.8599840", "0.0329977", "1.8849225", "0.0130804", "0.0627832"}
        });
  }

  @Test
  void attOddsWeightedBalanceAsMatchItWithSamplingWeights() {
    // matchit(..., method = NULL, distance = ps, s.weights = ifelse(treat == 1, 1, ps/(1-ps))),
    // ps from a fully converged glm (epsilon 1e-14; the default 1e-8 leaves PS errors of 3e-9)
    double[] w = InverseProbabilityWeights.att(PROPENSITY, TREATED).weights();
    BalanceTable table = BalanceTable.of(balanceCovariates(true), TREATED, w);

    assertPrinted(table.sampleSizes().controlEffective(), "99.82", "control ESS");
    assertRows(
        table,
        new String[][] {
          {
            "distance",
            "0.5774355",
            "0.5819524",
            "-0.0205046",
            "1.0323793",
            "0.0191869",
            "0.1113854"
          },
          {"age", "25.8162162", "24.9658450", "0.1188496", "0.4577536", "0.0899714", "0.3078039"},
          {"educ", "10.3459459", "10.4030803", "-0.0284159", "0.6636483", "0.0145718", "0.0358502"},
          {"raceblack", "0.8432432", "0.8454795", "-0.0061509", ".", "0.0022363", "0.0022363"},
          {"racehispan", "0.0594595", "0.0592923", "0.0007069", ".", "0.0001672", "0.0001672"},
          {"racewhite", "0.0972973", "0.0952282", "0.0069818", ".", "0.0020691", "0.0020691"},
          {"married", "0.1891892", "0.1705802", "0.0475133", ".", "0.0186090", "0.0186090"},
          {"nodegree", "0.7081081", "0.6896872", "0.0405183", ".", "0.0184209", "0.0184209"},
          {
            "re74",
            "2095.5736886",
            "2106.0448189",
            "-0.0021428",
            "1.3206273",
            "0.0361976",
            "0.2284810"
          },
          {
            "re75",
            "1532.0553138",
            "1496.5412320",
            "0.0110318",
            "1.3938249",
            "0.0297882",
            "0.1326169"
          }
        });
  }
}
