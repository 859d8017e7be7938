package org.pioneereval.jobs.estimate;

import java.util.List;
import org.pioneereval.jobs.cohort.MatchedCohortJob;
import org.pioneereval.jobs.lake.Lakehouse;

/**
 * The estimate stage as the pipeline and the nightly run execute it: the linear DiDs ({@link
 * EstimateJob}, with event studies), staggered adoption ({@link StaggeredAdoptionJob}), outcome
 * models ({@link OutcomeModelsJob}) and, when the lake holds a patient register, the matched
 * patient cohort ({@link MatchedCohortJob}).
 */
public final class EstimateStage {
  private EstimateStage() {}

  /** Runs every estimator of the stage for {@code runId}; returns the site-level DiD effects. */
  public static List<EstimateJob.Effect> execute(Lakehouse lake, String runId) {
    List<EstimateJob.Effect> effects = EstimateJob.create(lake, runId).execute();
    StaggeredAdoptionJob.create(lake, runId).execute();
    OutcomeModelsJob.create(lake, runId).execute();
    if (MatchedCohortJob.applies(lake)) {
      MatchedCohortJob.create(lake, runId).execute();
    }
    return effects;
  }
}
