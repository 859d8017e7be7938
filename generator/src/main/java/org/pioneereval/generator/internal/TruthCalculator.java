package org.pioneereval.generator.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
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

  public static Truth compute(DataGeneratingProcess dgp) {
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
    return Truth.of(config, post2x2, truths);
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
