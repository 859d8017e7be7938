package org.pioneereval.jobs.cli;

import java.nio.file.Path;
import java.util.OptionalDouble;
import org.pioneereval.generator.CohortOutcome;
import org.pioneereval.generator.CohortTruth;
import org.pioneereval.generator.Outcome;
import org.pioneereval.generator.OutcomeTruth;
import org.pioneereval.generator.Truth;
import org.pioneereval.jobs.cohort.MatchedCohortJob;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.report.KnownTruth;

/** The generator's truth.json as the pipeline's {@link KnownTruth}. */
final class DemoTruth implements KnownTruth {

  private final Truth truth;

  private DemoTruth(Truth truth) {
    this.truth = truth;
  }

  static DemoTruth read(Path truthFile) {
    return new DemoTruth(Truth.read(truthFile));
  }

  static DemoTruth of(Truth truth) {
    return new DemoTruth(truth);
  }

  @Override
  public OptionalDouble trueEffect(String outcomeColumn, Estimator estimator) {
    Outcome outcome;
    try {
      outcome = Outcome.fromColumnName(outcomeColumn);
    } catch (RuntimeException e) {
      return OptionalDouble.empty();
    }
    OutcomeTruth t = truth.outcome(outcome);
    if (t == null) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(estimator == Estimator.DID_2X2 ? t.trueAtt2x2() : t.trueAtt());
  }

  @Override
  public OptionalDouble trueCohortEffect(String cohortOutcome, String model) {
    CohortTruth t;
    try {
      t = truth.cohort().get(CohortOutcome.fromOutcomeName(cohortOutcome));
    } catch (RuntimeException e) {
      return OptionalDouble.empty();
    }
    if (t == null) {
      return OptionalDouble.empty();
    }
    double value =
        MatchedCohortJob.Model.valueOf(model) == MatchedCohortJob.Model.RATE_RATIO
            ? t.trueRateRatio()
            : t.trueEffectPerPatientYear();
    return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
  }
}
