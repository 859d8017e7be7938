package org.pioneereval.jobs.estimate;

/**
 * Columns of {@code results/outcome_models}: one row per run, outcome and model (see {@link
 * OutcomeModelsJob}).
 */
public final class OutcomeModelColumns {

  private OutcomeModelColumns() {}

  public static final String RUN_ID = "run_id";
  public static final String OUTCOME = "outcome";
  public static final String OUTCOME_LABEL = "outcome_label";

  /** {@link OutcomeModelsJob.Model} name, e.g. {@code PPML_RATE_RATIO}. */
  public static final String MODEL = "model";

  /** What the estimate measures, in words (e.g. "rate ratio", "score points"). */
  public static final String SCALE = "scale";

  /** Tests adjusted together: {@code primary} (one per outcome) or {@code secondary}. */
  public static final String FAMILY = "family";

  public static final String ESTIMATE = "estimate";
  public static final String CI_LOWER = "ci_lower";
  public static final String CI_UPPER = "ci_upper";

  /** The estimate's SE on the model's own scale (log rate ratio for PPML). */
  public static final String STD_ERROR = "std_error";

  public static final String P_VALUE = "p_value";

  /** Holm's step-down adjusted p-value within the family (family-wise error rate). */
  public static final String P_HOLM = "p_holm";

  /** Benjamini-Hochberg adjusted p-value within the family (false discovery rate). */
  public static final String P_BH = "p_benjamini_hochberg";

  public static final String N_OBSERVATIONS = "n_observations";
  public static final String N_CLUSTERS = "n_clusters";
  public static final String SPECIFICATION = "specification";
  public static final String ESTIMATED_AT = "estimated_at";
}
