package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.matching.BalanceTable;
import org.pioneereval.estimators.matching.CovariateBalance;
import org.pioneereval.estimators.matching.Covariates;
import org.pioneereval.estimators.matching.InMemoryCrossProducts;
import org.pioneereval.estimators.matching.LogisticRegression;
import org.pioneereval.estimators.matching.LogitFit;
import org.pioneereval.estimators.matching.MatchedEffect;
import org.pioneereval.estimators.matching.MatchedOutcomeRegression;
import org.pioneereval.estimators.matching.MatchedSample;
import org.pioneereval.estimators.matching.NearestNeighbourMatching;
import org.pioneereval.estimators.matching.SampleSizes;

/**
 * MatchIt 4.4.0 vignette on Lalonde (reference/lalonde_matchit/README.md): {@code matchit(treat ~
 * age + educ + race + married + nodegree + re74 + re75, method = "nearest", distance = "glm")},
 * {@code summary(m.out0)}, {@code summary(m.out1, un = FALSE)} and {@code coeftest(lm(re78 ~ treat
 * + ..., weights = weights), vcov. = vcovCL, cluster = ~subclass)}. Every number is the printed
 * one, asserted to half a unit of its last printed digit.
 */
class LalondeMatchItReferenceTest {
  static final ReferenceTable DATA = ReferenceTable.load("lalonde_matchit/data.csv");
  private static final List<String> BALANCE_ROWS =
      List.of(
          "distance",
          "age",
          "educ",
          "raceblack",
          "racehispan",
          "racewhite",
          "married",
          "nodegree",
          "re74",
          "re75");

  // Summary of Balance for All Data: Means Treated, Means Control, Std. Mean Diff., Var. Ratio,
  // eCDF Mean, eCDF Max ("." = NaN)
  private static final String[][] BEFORE = {
    {"0.5774", "0.1822", "1.7941", "0.9211", "0.3774", "0.6444"},
    {"25.8162", "28.0303", "-0.3094", "0.4400", "0.0813", "0.1577"},
    {"10.3459", "10.2354", "0.0550", "0.4959", "0.0347", "0.1114"},
    {"0.8432", "0.2028", "1.7615", ".", "0.6404", "0.6404"},
    {"0.0595", "0.1422", "-0.3498", ".", "0.0827", "0.0827"},
    {"0.0973", "0.6550", "-1.8819", ".", "0.5577", "0.5577"},
    {"0.1892", "0.5128", "-0.8263", ".", "0.3236", "0.3236"},
    {"0.7081", "0.5967", "0.2450", ".", "0.1114", "0.1114"},
    {"2095.5737", "5619.2365", "-0.7211", "0.5181", "0.2248", "0.4470"},
    {"1532.0553", "2466.4844", "-0.2903", "0.9563", "0.1342", "0.2876"}
  };

  // Summary of Balance for Matched Data (4.4.0 vignette), plus Std. Pair Dist.
  private static final String[][] AFTER = {
    {"0.5774", "0.3629", "0.9739", "0.7566", "0.1321", "0.4216", "0.9740"},
    {"25.8162", "25.3027", "0.0718", "0.4568", "0.0847", "0.2541", "1.3938"},
    {"10.3459", "10.6054", "-0.1290", "0.5721", "0.0239", "0.0757", "1.2474"},
    {"0.8432", "0.4703", "1.0259", ".", "0.3730", "0.3730", "1.0259"},
    {"0.0595", "0.2162", "-0.6629", ".", "0.1568", "0.1568", "1.0743"},
    {"0.0973", "0.3135", "-0.7296", ".", "0.2162", "0.2162", "0.8390"},
    {"0.1892", "0.2108", "-0.0552", ".", "0.0216", "0.0216", "0.8281"},
    {"0.7081", "0.6378", "0.1546", ".", "0.0703", "0.0703", "1.0106"},
    {"2095.5737", "2342.1076", "-0.0505", "1.3289", "0.0469", "0.2757", "0.7965"},
    {"1532.0553", "1614.7451", "-0.0257", "1.4956", "0.0452", "0.2054", "0.7381"}
  };

  // coeftest(fit1, vcov. = vcovCL, cluster = ~subclass): Estimate, Std. Error, t value, Pr(>|t|)
  private static final String[][] COEFTEST = {
    {"(Intercept)", "-2.5816e+03", "3.3209e+03", "-0.7774", "0.437439"},
    {"treat", "1.3449e+03", "7.3084e+02", "1.8403", "0.066552"},
    {"age", "7.8035e+00", "4.4148e+01", "0.1768", "0.859797"},
    {"educ", "6.0220e+02", "2.1007e+02", "2.8667", "0.004391"},
    {"racehispan", "1.5335e+03", "1.0248e+03", "1.4964", "0.135417"},
    {"racewhite", "4.6943e+02", "8.9854e+02", "0.5224", "0.601687"},
    {"married", "-1.5825e+02", "9.3354e+02", "-0.1695", "0.865482"},
    {"nodegree", "9.2328e+02", "1.1496e+03", "0.8032", "0.422412"},
    {"re74", "2.6362e-02", "1.6646e-01", "0.1584", "0.874257"},
    {"re75", "2.2068e-01", "1.6771e-01", "1.3158", "0.189069"}
  };

  private static final TDistribution LM_RESIDUAL_T = new TDistribution(null, 360);
  static final boolean[] TREATED = treated();
  static final double[] PROPENSITY = propensityScores(fitLogit());

  private static boolean[] treated() {
    double[] t = DATA.numbers("treat");
    boolean[] out = new boolean[t.length];
    for (int i = 0; i < t.length; i++) {
      out[i] = t[i] == 1.0;
    }
    return out;
  }

  static double[] race(String level) {
    double[] out = new double[DATA.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = DATA.string(i, "race").equals(level) ? 1.0 : 0.0;
    }
    return out;
  }

  /**
   * Design of glm(treat ~ age + educ + race + married + nodegree + re74 + re75), race ref black.
   */
  private static double[][] design() {
    double[][] cols = {
      DATA.numbers("age"),
      DATA.numbers("educ"),
      race("hispan"),
      race("white"),
      DATA.numbers("married"),
      DATA.numbers("nodegree"),
      DATA.numbers("re74"),
      DATA.numbers("re75")
    };
    double[][] rows = new double[DATA.size()][cols.length + 1];
    for (int i = 0; i < rows.length; i++) {
      rows[i][0] = 1.0;
      for (int j = 0; j < cols.length; j++) {
        rows[i][j + 1] = cols[j][i];
      }
    }
    return rows;
  }

  private static LogitFit fitLogit() {
    return LogisticRegression.builder()
        .coefficientNames(
            "(Intercept)",
            "age",
            "educ",
            "racehispan",
            "racewhite",
            "married",
            "nodegree",
            "re74",
            "re75")
        .build()
        .fit(InMemoryCrossProducts.of(design(), treated()));
  }

  private static double[] propensityScores(LogitFit fit) {
    return fit.propensityScores(design());
  }

  private static Covariates balanceCovariates() {
    return Covariates.builder()
        .add("distance", PROPENSITY)
        .add("age", DATA.numbers("age"))
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

  private static MatchedSample nearestNeighbour() {
    return NearestNeighbourMatching.builder().build().match(PROPENSITY, TREATED);
  }

  /** Asserts {@code actual} equals the printed number to half a unit of its last digit. */
  static void assertPrinted(double actual, String printed, String what) {
    if (printed.equals(".")) {
      assertThat(actual).as(what).isNaN();
      return;
    }
    BigDecimal p = new BigDecimal(printed);
    double halfUnit = 0.5 * Math.pow(10, -p.scale());
    if (printed.contains("e")) {
      // scientific: 5 significant digits in the mantissa
      BigDecimal mantissa = new BigDecimal(printed.substring(0, printed.indexOf('e')));
      int exponent = Integer.parseInt(printed.substring(printed.indexOf('e') + 1));
      halfUnit = 0.5 * Math.pow(10, exponent - mantissa.scale());
    }
    assertThat(actual).as(what).isCloseTo(p.doubleValue(), within(halfUnit * (1 + 1e-9)));
  }

  @Test
  void logitPropensityScoresMatchMatchDataHead() {
    // match.data(m.out1) head, distance of NSW1..NSW6
    double[] published = {0.6387699, 0.2246342, 0.6782439, 0.7763241, 0.7016387, 0.6990699};
    for (int i = 0; i < published.length; i++) {
      assertThat(DATA.string(i, "id")).isEqualTo("NSW" + (i + 1));
      assertThat(PROPENSITY[i]).as("PS of NSW%d", i + 1).isCloseTo(published[i], within(5e-8));
    }
  }

  @Test
  void balanceBeforeMatchingIsMatchItSummaryOfAllData() {
    BalanceTable table = BalanceTable.of(balanceCovariates(), TREATED, nearestNeighbour());
    assertThat(table.covariateNames()).isEqualTo(BALANCE_ROWS);
    for (int r = 0; r < BALANCE_ROWS.size(); r++) {
      CovariateBalance b = table.before().get(r);
      String v = BALANCE_ROWS.get(r);
      assertPrinted(b.meanTreated(), BEFORE[r][0], v + " means treated");
      assertPrinted(b.meanControl(), BEFORE[r][1], v + " means control");
      assertPrinted(b.standardizedMeanDifference(), BEFORE[r][2], v + " SMD");
      assertPrinted(b.varianceRatio(), BEFORE[r][3], v + " variance ratio");
      assertPrinted(b.ecdfMean(), BEFORE[r][4], v + " eCDF mean");
      assertPrinted(b.ecdfMax(), BEFORE[r][5], v + " eCDF max");
      assertThat(b.standardizedPairDistance()).as(v + " no pairs before matching").isNaN();
    }
  }

  @Test
  void balanceAfterNearestNeighbourMatchingIsMatchIt440Table() {
    BalanceTable table = BalanceTable.of(balanceCovariates(), TREATED, nearestNeighbour());
    for (int r = 0; r < BALANCE_ROWS.size(); r++) {
      CovariateBalance b = table.after().get(r);
      String v = BALANCE_ROWS.get(r);
      assertPrinted(b.meanTreated(), AFTER[r][0], v + " means treated");
      assertPrinted(b.meanControl(), AFTER[r][1], v + " means control");
      assertPrinted(b.standardizedMeanDifference(), AFTER[r][2], v + " SMD");
      assertPrinted(b.varianceRatio(), AFTER[r][3], v + " variance ratio");
      assertPrinted(b.ecdfMean(), AFTER[r][4], v + " eCDF mean");
      assertPrinted(b.ecdfMax(), AFTER[r][5], v + " eCDF max");
      assertPrinted(b.standardizedPairDistance(), AFTER[r][6], v + " std. pair distance");
    }
  }

  @Test
  void sampleSizesAre185PairsAnd244UnmatchedControls() {
    MatchedSample m = nearestNeighbour();
    SampleSizes s = BalanceTable.of(balanceCovariates(), TREATED, m).sampleSizes();
    // "Matched 185 control / 185 treated; Unmatched 244 / 0"; "614 (original), 370 (matched)"
    assertThat(s.controlAll()).isEqualTo(429);
    assertThat(s.treatedAll()).isEqualTo(185);
    assertThat(s.controlMatched()).isEqualTo(185);
    assertThat(s.treatedMatched()).isEqualTo(185);
    assertThat(s.unmatchedControl()).isEqualTo(244);
    assertThat(s.unmatchedTreated()).isZero();
    assertThat(s.controlMatched() + s.treatedMatched()).isEqualTo(370);
    assertThat(m.pairCount()).isEqualTo(185);
    // 1:1 without replacement: every matched unit has weight 1 (match.data weights column)
    for (double w : m.weights()) {
      assertThat(w).isIn(0.0, 1.0);
    }
  }

  @Test
  void postMatchingRegressionWithPairClusteredSeIsCoeftestTable() {
    MatchedSample m = nearestNeighbour();
    Covariates adjustment =
        Covariates.builder()
            .add("age", DATA.numbers("age"))
            .add("educ", DATA.numbers("educ"))
            .add("racehispan", race("hispan"))
            .add("racewhite", race("white"))
            .add("married", DATA.numbers("married"))
            .add("nodegree", DATA.numbers("nodegree"))
            .add("re74", DATA.numbers("re74"))
            .add("re75", DATA.numbers("re75"))
            .build();
    MatchedEffect effect =
        MatchedOutcomeRegression.of(DATA.numbers("re78"), TREATED).adjustFor(adjustment).fit(m);

    // treat 1344.9 (730.84), t 1.8403, p 0.066552 on the lm residual df 370 - 10 = 360
    assertPrinted(effect.estimate(), "1.3449e+03", "treat");
    assertPrinted(effect.standardError(), "7.3084e+02", "treat SE");
    assertPrinted(effect.tStatistic(), "1.8403", "treat t");
    assertPrinted(effect.pValue(), "0.066552", "treat p");
    assertThat(effect.residualDegreesOfFreedom()).isEqualTo(360.0);
    assertThat(effect.varianceType()).isEqualTo(VarianceType.CR1_STATA);
    RegressionResult fit = effect.regression();
    assertThat(fit.nObservations()).isEqualTo(370);
    assertThat(fit.nClusters()).isEqualTo(185);
    for (String[] row : COEFTEST) {
      int i = fit.indexOf(row[0]);
      assertPrinted(fit.coefficient(i), row[1], row[0] + " estimate");
      assertPrinted(fit.standardError(i), row[2], row[0] + " SE");
      assertPrinted(fit.tStatistic(i), row[3], row[0] + " t");
      // coeftest's p-value: t on the lm residual df (360), not on G-1
      double p = 2.0 * LM_RESIDUAL_T.cumulativeProbability(-Math.abs(fit.tStatistic(i)));
      assertPrinted(p, row[4], row[0] + " p");
    }
  }
}
