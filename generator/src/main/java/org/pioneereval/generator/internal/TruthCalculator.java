package org.pioneereval.generator.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.pioneereval.generator.CohortOutcome;
import org.pioneereval.generator.CohortTruth;
import org.pioneereval.generator.GeneratorConfig;
import org.pioneereval.generator.Outcome;
import org.pioneereval.generator.OutcomeTruth;
import org.pioneereval.generator.PanelLevel;
import org.pioneereval.generator.Truth;

/** Computes the {@link Truth} of a generation from the model's expected values. */
public final class TruthCalculator {
  private TruthCalculator() {}

  /** The post period of the "2x2" comparison starts with the last wave's go-live month. */
  public static YearMonth twoByTwoPostStart(GeneratorConfig config) {
    return config.pioneerSitesWave2() > 0 ? config.goLiveMonth(2) : config.goLiveMonth(1);
  }

  /**
   * The truth of the site-level outcomes only, without the cohort section (which needs the realised
   * enrolment of a generation, see {@link #compute(DataGeneratingProcess, List)}).
   */
  public static Truth compute(DataGeneratingProcess dgp) {
    return Truth.of(dgp.config(), twoByTwoPostStart(dgp.config()), outcomeTruths(dgp));
  }

  /** The truth of the site-level outcomes and of the {@code enrolled} patients' cohort. */
  public static Truth compute(DataGeneratingProcess dgp, List<EnrolledPatient> enrolled) {
    return Truth.of(
        dgp.config(),
        twoByTwoPostStart(dgp.config()),
        outcomeTruths(dgp),
        cohortTruths(dgp, enrolled));
  }

  /**
   * {@link CohortTruth} per cohort outcome: for each enrolled patient and each of the 12 post
   * months from the site's go-live, expected admissions by method = rate / 1000 x relative weight,
   * with and without the programme; inpatient cost = sum over methods of admissions x tariff.
   */
  static List<CohortTruth> cohortTruths(DataGeneratingProcess dgp, List<EnrolledPatient> enrolled) {
    CohortOutcome[] outcomes = CohortOutcome.values();
    double[] sumAssigned = new double[outcomes.length];
    double[] sumCounterfactual = new double[outcomes.length];
    long wave1 = 0;
    for (EnrolledPatient patient : enrolled) {
      SiteModel site = patient.site();
      if (site.wave() == 1) {
        wave1++;
      }
      for (int e = 0; e < CohortTruth.WINDOW_MONTHS; e++) {
        YearMonth t = site.goLive().plusMonths(e);
        for (AdmissionMethod m : AdmissionMethod.values()) {
          double y1 = dgp.expectedAdmissionRate(site, m, t) / 1000.0 * patient.relativeWeight(m);
          double y0 =
              dgp.counterfactualAdmissionRate(site, m, t) / 1000.0 * patient.relativeWeight(m);
          CohortOutcome count =
              m == AdmissionMethod.EMERGENCY
                  ? CohortOutcome.EMERGENCY_ADMISSIONS
                  : m == AdmissionMethod.ELECTIVE ? CohortOutcome.ELECTIVE_ADMISSIONS : null;
          if (count != null) {
            sumAssigned[count.ordinal()] += y1;
            sumCounterfactual[count.ordinal()] += y0;
          }
          int cost = CohortOutcome.INPATIENT_COST.ordinal();
          sumAssigned[cost] += y1 * m.tariff();
          sumCounterfactual[cost] += y0 * m.tariff();
        }
      }
    }
    long n = enrolled.size();
    List<CohortTruth> truths = new ArrayList<>();
    for (CohortOutcome outcome : outcomes) {
      double assigned = sumAssigned[outcome.ordinal()];
      double counterfactual = sumCounterfactual[outcome.ordinal()];
      truths.add(
          new CohortTruth(
              outcome,
              n == 0 ? Double.NaN : (assigned - counterfactual) / n,
              n == 0 ? Double.NaN : assigned / counterfactual,
              n == 0 ? Double.NaN : counterfactual / n,
              n,
              wave1,
              n - wave1));
    }
    return truths;
  }

  private static List<OutcomeTruth> outcomeTruths(DataGeneratingProcess dgp) {
    GeneratorConfig config = dgp.config();
    YearMonth post2x2 = twoByTwoPostStart(config);
    List<OutcomeTruth> truths = new ArrayList<>();
    for (Outcome outcome : Outcome.values()) {
      List<YearMonth> periods = periods(dgp, outcome);
      Mean all = new Mean();
      Mean counterfactual = new Mean();
      Mean wave1 = new Mean();
      Mean wave2 = new Mean();
      Mean twoByTwo = new Mean();
      for (SiteModel site : dgp.sites()) {
        if (!site.isPioneer()) {
          continue;
        }
        for (YearMonth period : periods) {
          boolean treatedPost = DataGeneratingProcess.isTreatedPost(site, period);
          boolean inTwoByTwoPost = !period.isBefore(post2x2);
          if (!treatedPost && !inTwoByTwoPost) {
            continue;
          }
          double y0 = dgp.counterfactual(outcome, site, period);
          double effect = dgp.expected(outcome, site, period) - y0;
          if (inTwoByTwoPost) {
            twoByTwo.add(effect);
          }
          if (treatedPost) {
            all.add(effect);
            counterfactual.add(y0);
            (site.wave() == 1 ? wave1 : wave2).add(effect);
          }
        }
      }
      AdmissionMethod method = methodOf(outcome);
      truths.add(
          new OutcomeTruth(
              outcome,
              all.value(),
              wave1.value(),
              wave2.value(),
              twoByTwo.value(),
              all.value() / counterfactual.value(),
              counterfactual.value(),
              config.effect(outcome),
              method == null ? Double.NaN : dgp.admissionReferenceLevel(method),
              all.count));
    }
    return truths;
  }

  private static List<YearMonth> periods(DataGeneratingProcess dgp, Outcome outcome) {
    if (outcome.panelLevel() == PanelLevel.SITE_MONTH) {
      return dgp.months();
    }
    return dgp.surveyWaves().stream().map(DataGeneratingProcess::fieldworkStart).toList();
  }

  private static AdmissionMethod methodOf(Outcome outcome) {
    for (AdmissionMethod m : AdmissionMethod.values()) {
      if (m.outcome() == outcome) {
        return m;
      }
    }
    return null;
  }

  /** A running mean that is NaN when empty. */
  private static final class Mean {
    private double sum;
    private long count;

    void add(double x) {
      sum += x;
      count++;
    }

    double value() {
      return count == 0 ? Double.NaN : sum / count;
    }
  }
}
