package org.pioneereval.jobs.estimate;

import java.util.List;
import java.util.Optional;
import org.pioneereval.jobs.cohort.MatchedCohortJob;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.runtime.StageProgress;

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
    return execute(lake, runId, EstimateSelection.ALL);
  }

  /**
   * Runs the chosen estimators on the chosen outcomes for {@code runId}; nothing else is written
   * (see {@link EstimateSelection}).
   */
  public static Estimates execute(Lakehouse lake, String runId, EstimateSelection selection) {
    return execute(lake, runId, selection, StageProgress.NONE);
  }

  /**
   * As {@link #execute(Lakehouse, String, EstimateSelection)}, telling {@code progress} the work in
   * "outcome estimations": one per outcome of the DiDs and of the staggered estimators, one for the
   * outcome models and one for the matched cohort.
   */
  public static Estimates execute(
      Lakehouse lake, String runId, EstimateSelection selection, StageProgress progress) {
    boolean did =
        selection.runs(EstimateSelection.Method.TWFE)
            || selection.runs(EstimateSelection.Method.DID_2X2);
    boolean staggered = selection.runs(EstimateSelection.Method.STAGGERED);
    boolean models = selection.runs(EstimateSelection.Method.OUTCOME_MODELS);
    boolean cohortRuns =
        selection.runs(EstimateSelection.Method.MATCHED_COHORT) && MatchedCohortJob.applies(lake);
    boolean patientPanelRuns =
        selection.runs(EstimateSelection.Method.PATIENT_PANEL) && PatientPanelJob.applies(lake);
    int outcomes = selection.outcomes().size();
    progress.total(
        (did ? outcomes : 0)
            + (staggered ? outcomes : 0)
            + (models ? 1 : 0)
            + (cohortRuns ? 1 : 0)
            + (patientPanelRuns ? 1 : 0),
        "outcome estimations");
    List<EstimateJob.Effect> effects =
        did
            ? EstimateJob.create(lake, runId)
                .withSelection(selection)
                .withStageProgress(progress)
                .execute()
            : List.of();
    if (staggered) {
      StaggeredAdoptionJob.create(lake, runId)
          .withSelection(selection)
          .withStageProgress(progress)
          .execute();
    }
    if (models) {
      OutcomeModelsJob.create(lake, runId).withOutcomes(selection.outcomes()).execute();
      progress.advance(1);
    }
    Optional<MatchedCohortJob.CohortResult> cohort = Optional.empty();
    if (cohortRuns) {
      cohort = Optional.of(MatchedCohortJob.create(lake, runId).execute());
      progress.advance(1);
    }
    List<PatientPanelJob.PatientEffect> patientPanel = List.of();
    if (patientPanelRuns) {
      patientPanel = PatientPanelJob.create(lake, runId).execute();
      progress.advance(1);
    }
    return new Estimates(effects, cohort, patientPanel);
  }
}
