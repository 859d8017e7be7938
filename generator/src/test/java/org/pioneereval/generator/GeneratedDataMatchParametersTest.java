package org.pioneereval.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pioneereval.contracts.PriceIndex;
import org.pioneereval.generator.internal.AdmissionMethod;
import org.pioneereval.generator.internal.DataGeneratingProcess;
import org.pioneereval.generator.internal.ModelParameters;
import org.pioneereval.generator.internal.SiteModel;

/**
 * The realised drops agree with the parameters they were drawn from. Tolerances are 4 standard
 * errors of the sampling noise (Poisson, compound-Poisson or survey noise) computed from the model,
 * so a failure is a 1-in-15,000 event if the generator is right.
 */
class GeneratedDataMatchParametersTest {
  /** The default configuration. */
  private static Generation defaults;

  /** Large cohorts and enlarged effects: {@link TestGenerations#LARGE_EFFECTS_CONFIG}. */
  private static Generation largeEffects;

  @BeforeAll
  static void generate() {
    defaults = new Generation(TestGenerations.defaults());
    largeEffects = new Generation(TestGenerations.largeEffects());
  }

  /** A generation read back: spells per site, month and method, and the model behind them. */
  private static final class Generation {
    final Path root;
    final DataGeneratingProcess dgp;
    final Truth truth;
    final Map<String, Map<YearMonth, Map<String, Integer>>> spells = new HashMap<>();

    Generation(GenerationSummary summary) {
      root = summary.root();
      truth = Truth.read(summary.truthFile());
      dgp = DataGeneratingProcess.of(truth.config());
      for (String[] r : TestDrops.allRows(root, "admissions")) {
        spells
            .computeIfAbsent(r[2], k -> new HashMap<>())
            .computeIfAbsent(YearMonth.parse(r[11]), k -> new HashMap<>())
            .merge(r[5], 1, Integer::sum);
      }
    }

    int spells(SiteModel s, YearMonth t, AdmissionMethod m) {
      return spells
          .getOrDefault(s.code(), Map.of())
          .getOrDefault(t, Map.of())
          .getOrDefault(m.code(), 0);
    }

    double rate(SiteModel s, YearMonth t, AdmissionMethod m) {
      return 1000.0 * spells(s, t, m) / s.population();
    }

    List<SiteModel> comparisonSites() {
      return dgp.sites().stream().filter(s -> !s.isPioneer()).toList();
    }
  }

  @Test
  void comparisonPrePeriodEmergencyRateMatchesItsParameter() {
    DataGeneratingProcess dgp = defaults.dgp;
    List<SiteModel> comparison = defaults.comparisonSites();
    List<YearMonth> pre =
        dgp.months().stream().filter(t -> t.isBefore(YearMonth.of(2013, 11))).toList();
    assertThat(comparison).hasSize(40);
    assertThat(pre).hasSize(43);
    double realised = 0;
    double expected = 0;
    double variance = 0;
    for (SiteModel s : comparison) {
      for (YearMonth t : pre) {
        double r = dgp.expectedAdmissionRate(s, AdmissionMethod.EMERGENCY, t);
        realised += defaults.rate(s, t, AdmissionMethod.EMERGENCY);
        expected += r;
        variance += r * 1000.0 / s.population();
      }
    }
    int n = comparison.size() * pre.size();
    realised /= n;
    expected /= n;
    double se = Math.sqrt(variance) / n;
    // Given the sites drawn: Poisson noise only (se about 0.04 per 1,000).
    assertThat(se).isLessThan(0.06);
    assertThat(realised).isCloseTo(expected, within(4 * se));

    // Against the parameter itself: 7.5 at 2013-04, slope 0.015/month, mean seasonal term of the
    // 43 pre months; the 40 site draws (sd 1.0) add 1.0 / sqrt(40) = 0.16 of noise: tolerance 0.7.
    double parameter = 0;
    for (YearMonth t : pre) {
      parameter +=
          7.5
              + 0.015 * DataGeneratingProcess.monthsSinceBaseline(t)
              + AdmissionMethod.EMERGENCY.seasonal(t.getMonthValue());
    }
    parameter /= pre.size();
    assertThat(parameter).isCloseTo(7.27, within(0.05));
    assertThat(realised).isCloseTo(parameter, within(0.7));
  }

  @Test
  void secularSlopesAreRecoveredByRegressionOnComparisonSites() {
    assertSlope(AdmissionMethod.EMERGENCY, 0.015);
    assertSlope(AdmissionMethod.ELECTIVE, 0.004);
  }

  /** OLS of the pooled comparison rate on 12 calendar-month dummies and a linear trend. */
  private static void assertSlope(AdmissionMethod method, double parameter) {
    List<SiteModel> comparison = defaults.comparisonSites();
    long population = comparison.stream().mapToLong(SiteModel::population).sum();
    List<YearMonth> months = defaults.dgp.months();
    double[] y = new double[months.size()];
    double[][] x = new double[months.size()][13];
    for (int i = 0; i < months.size(); i++) {
      YearMonth t = months.get(i);
      int count = 0;
      for (SiteModel s : comparison) {
        count += defaults.spells(s, t, method);
      }
      y[i] = 1000.0 * count / population;
      x[i][t.getMonthValue() - 1] = 1.0;
      x[i][12] = DataGeneratingProcess.monthsSinceBaseline(t);
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.setNoIntercept(true);
    ols.newSampleData(y, x);
    double slope = ols.estimateRegressionParameters()[12];
    double se = ols.estimateRegressionParametersStandardErrors()[12];
    // Pooled monthly rate over 120,000 residents: se of the slope about 0.001.
    assertThat(se).as("slope se").isLessThan(0.002);
    assertThat(slope).as(method + " slope").isCloseTo(parameter, within(4 * se));
  }

  @Test
  void treatedPostEmergencyRateIsCounterfactualPlusTrueAtt() {
    DataGeneratingProcess dgp = largeEffects.dgp;
    OutcomeTruth t = largeEffects.truth.outcome(Outcome.EMERGENCY_ADMISSIONS_RATE);
    double sum = 0;
    double variance = 0;
    long n = 0;
    for (SiteModel s : dgp.sites()) {
      for (YearMonth m : dgp.months()) {
        if (s.isPioneer() && !m.isBefore(s.goLive())) {
          sum += largeEffects.rate(s, m, AdmissionMethod.EMERGENCY);
          variance +=
              dgp.expectedAdmissionRate(s, AdmissionMethod.EMERGENCY, m) * 1000.0 / s.population();
          n++;
        }
      }
    }
    // Wave 1: 14 sites x 29 months (2013-11..2016-03); wave 2: 11 x 12 (2015-04..2016-03).
    assertThat(n).isEqualTo(14 * 29 + 11 * 12).isEqualTo(t.treatedPostCells());
    double realised = sum / n;
    double se = Math.sqrt(variance) / n;
    // 25% of about 8.1 per 1,000: an ATT near 2.0, about 35 standard errors (0.06) from zero.
    assertThat(se).isLessThan(0.07);
    assertThat(t.trueAtt()).isBetween(1.8, 2.3);
    assertThat(realised - t.counterfactualMeanTreatedPost()).isCloseTo(t.trueAtt(), within(4 * se));
  }

  @Test
  void treatedPostSatisfactionIsCounterfactualPlusTrueAtt() {
    Map<String, double[]> cells = new HashMap<>(); // site|wave -> {sum, sum of squares, n}
    for (String[] r : TestDrops.allRows(largeEffects.root, "patient_experience")) {
      if (!r[7].isEmpty()) {
        double[] c = cells.computeIfAbsent(r[1] + "|" + r[2], k -> new double[3]);
        double y = Integer.parseInt(r[7]);
        c[0] += y;
        c[1] += y * y;
        c[2]++;
      }
    }
    DataGeneratingProcess dgp = largeEffects.dgp;
    OutcomeTruth t = largeEffects.truth.outcome(Outcome.OVERALL_SATISFACTION);
    double sum = 0;
    double variance = 0;
    long n = 0;
    for (SiteModel s : dgp.sites()) {
      for (int wave : dgp.surveyWaves()) {
        if (s.isPioneer() && !YearMonth.of(wave, 1).isBefore(s.goLive())) {
          double[] c = cells.get(s.code() + "|" + wave);
          double mean = c[0] / c[2];
          sum += mean;
          variance += (c[1] / c[2] - mean * mean) / c[2];
          n++;
        }
      }
    }
    // Survey waves 2014..2016; wave 1 treated in all three (14 x 3), wave 2 in 2016 (11 x 1).
    assertThat(n).isEqualTo(14 * 3 + 11).isEqualTo(t.treatedPostCells());
    double realised = sum / n;
    double se = Math.sqrt(variance) / n;
    assertThat(se).isLessThan(0.015);
    // -0.30 latent points move the mean score by about -0.28 (density sum about 0.93).
    assertThat(t.trueAtt()).isBetween(-0.35, -0.2);
    assertThat(realised - t.counterfactualMeanTreatedPost()).isCloseTo(t.trueAtt(), within(4 * se));
  }

  @Test
  void treatedPostCostPerCapitaIsCounterfactualPlusTrueAtt() {
    Map<String, Map<YearMonth, Double>> costs = new HashMap<>();
    for (String[] r : TestDrops.allRows(defaults.root, "costs")) {
      double constant =
          Double.parseDouble(r[3]) * PriceIndex.toBaseYearFactor(Integer.parseInt(r[4]));
      costs
          .computeIfAbsent(r[0], k -> new HashMap<>())
          .merge(YearMonth.parse(r[1].substring(0, 7)), constant, Double::sum);
    }
    DataGeneratingProcess dgp = defaults.dgp;
    OutcomeTruth t = defaults.truth.outcome(Outcome.COST_PER_CAPITA);
    double sum = 0;
    double variance = 0;
    long n = 0;
    for (SiteModel s : dgp.sites()) {
      for (YearMonth m : dgp.months()) {
        if (s.isPioneer() && !m.isBefore(s.goLive())) {
          sum += costs.get(s.code()).get(m) / s.population();
          variance +=
              compoundPoissonVariance(dgp, s, m) / ((double) s.population() * s.population());
          n++;
        }
      }
    }
    double realised = sum / n;
    double se = Math.sqrt(variance) / n;
    // About GBP 8 of noise per site-month and resident, over 1,138 cells: se about 0.24, so the
    // default effect of about -3.6 is some 15 standard errors from zero.
    assertThat(se).isBetween(0.1, 0.5);
    assertThat(t.counterfactualMeanTreatedPost()).isBetween(80.0, 120.0);
    assertThat(t.trueAtt()).isLessThan(-8 * se);
    assertThat(realised - t.counterfactualMeanTreatedPost()).isCloseTo(t.trueAtt(), within(4 * se));
  }

  /** Var of a site-month's total cost: sum over settings of lambda x E[cost^2]. */
  private static double compoundPoissonVariance(
      DataGeneratingProcess dgp, SiteModel s, YearMonth m) {
    double v = 0;
    for (AdmissionMethod method : AdmissionMethod.values()) {
      double lambda = s.population() / 1000.0 * dgp.expectedAdmissionRate(s, method, m);
      double sigma = method.costSigma();
      v += lambda * method.tariff() * method.tariff() * Math.exp(sigma * sigma);
    }
    double userSigma = ModelParameters.USER_COST_SIGMA;
    for (CareSetting setting : CareSetting.values()) {
      if (setting != CareSetting.INPATIENT) {
        double lambda = s.population() / 1000.0 * dgp.expectedUse(s, setting, m);
        double unit = ModelParameters.unitCost(setting);
        v += lambda * unit * unit * Math.exp(userSigma * userSigma);
      }
    }
    return v;
  }

  @Test
  void olderPatientsAndElectiveDayCasesFollowTheModel() {
    long emergency = 0;
    long emergencyOld = 0;
    long elective = 0;
    long electiveZeroStay = 0;
    for (String[] r : TestDrops.allRows(defaults.root, "admissions")) {
      if (r[5].equals("emergency")) {
        emergency++;
        if (r[6].equals("75-84") || r[6].equals("85+")) {
          emergencyOld++;
        }
      } else if (r[5].equals("elective")) {
        elective++;
        if (r[10].equals("0")) {
          electiveZeroStay++;
        }
      }
    }
    // 9% of residents are 75+, but their weight (2.8 and 4.5, x2.5 with a long-term condition)
    // gives them about 30% of emergency spells.
    assertThat((double) emergencyOld / emergency).isBetween(0.25, 0.40);
    // 65% day cases plus P(floor(2.5 exp(0.8 z)) = 0) = 12.6% of the rest: 69.4%.
    assertThat((double) electiveZeroStay / elective).isCloseTo(0.694, within(0.01));
  }
}
