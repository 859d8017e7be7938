package org.pioneereval.jobs.estimate;

import java.util.List;
import java.util.Optional;
import org.pioneereval.jobs.cohort.MatchedCohortJob;
import org.pioneereval.jobs.lake.Lakehouse;

/**
 * The estimate stage as the pipeline and the nightly run execute it: the linear DiDs ({@link
 * EstimateJob}, with event studies), staggered adoption ({@link StaggeredAdoptionJob}), outcome
 * models ({@link OutcomeModelsJob}) and, when the lake holds a patient register, the matched
 * patient cohort ({@link MatchedCohortJob}) and the two-way fixed-effects DiD on the patient x
 * month panel ({@link PatientPanelJob}).
 */
public final class EstimateStage {
  private EstimateStage() {}

  /**
   * What the stage returns for the console summary: the site-level DiD effects and the matched
   * cohort's result (empty when the lake has no patient register).
   */
  public record Estimates(
      List<EstimateJob.Effect> effects,
      Optional<MatchedCohortJob.CohortResult> cohort,
      List<PatientPanelJob.PatientEffect> patientPanel) {}

  /** Runs every estimator of the stage for {@code runId}. */
  public static Estimates execute(Lakehouse lake, String runId) {
    List<EstimateJob.Effect> effects = EstimateJob.create(lake, runId).execute();
    StaggeredAdoptionJob.create(lake, runId).execute();
    OutcomeModelsJob.create(lake, runId).execute();
    Optional<MatchedCohortJob.CohortResult> cohort =
        MatchedCohortJob.applies(lake)
            ? Optional.of(MatchedCohortJob.create(lake, runId).execute())
            : Optional.empty();
    List<PatientPanelJob.PatientEffect> patientPanel =
        PatientPanelJob.applies(lake) ? PatientPanelJob.create(lake, runId).execute() : List.of();
    return new Estimates(effects, cohort, patientPanel);
  }
}
