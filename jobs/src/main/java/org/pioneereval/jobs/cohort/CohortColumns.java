package org.pioneereval.jobs.cohort;

/**
 * Columns of {@code results/cohort_effects} (one row per run, design, outcome and model) and {@code
 * results/cohort_balance} (one row per run and covariate); see {@link MatchedCohortJob}.
 */
public final class CohortColumns {

  private CohortColumns() {}

  public static final String RUN_ID = "run_id";

  /** {@link MatchedCohortJob.Design} name in lower case: {@code matched} or {@code unmatched}. */
  public static final String DESIGN = "design";

  public static final String OUTCOME = "outcome";
  public static final String OUTCOME_LABEL = "outcome_label";

  /** {@link MatchedCohortJob.Model} name: {@code RATE_RATIO} or {@code DIFFERENCE}. */
  public static final String MODEL = "model";

  /** What the estimate measures, e.g. "rate ratio", "admissions per patient-year". */
  public static final String SCALE = "scale";

  /** Tests adjusted together for multiplicity: {@code primary} or {@code secondary}. */
  public static final String FAMILY = "family";

  public static final String ESTIMATE = "estimate";
  public static final String CI_LOWER = "ci_lower";
  public static final String CI_UPPER = "ci_upper";

  /** SE on the model's own scale (log ratio for the rate ratio). */
  public static final String STD_ERROR = "std_error";

  public static final String P_VALUE = "p_value";
  public static final String P_HOLM = "p_holm";
  public static final String P_BH = "p_benjamini_hochberg";

  /** Degrees of freedom of the t reference distribution (clusters - 1). */
  public static final String DF = "df";

  /** Treated patients with a positive weight (matched). */
  public static final String N_TREATED = "n_treated";

  /** Distinct control patient-index pairs with a positive weight. */
  public static final String N_CONTROLS = "n_controls";

  public static final String N_CLUSTERS = "n_clusters";

  /** Mean of the outcome among the treated in the 12 months before the index month. */
  public static final String TREATED_PRE_MEAN = "treated_pre_mean";

  /** Mean of the outcome among the treated in the 12 months from the index month. */
  public static final String TREATED_POST_MEAN = "treated_post_mean";

  /** Weighted mean among the controls before the index month. */
  public static final String CONTROL_PRE_MEAN = "control_pre_mean";

  /** Weighted mean among the controls from the index month. */
  public static final String CONTROL_POST_MEAN = "control_post_mean";

  public static final String SPECIFICATION = "specification";
  public static final String ESTIMATED_AT = "estimated_at";

  // results/cohort_balance
  public static final String COVARIATE = "covariate";
  public static final String COVARIATE_LABEL = "covariate_label";
  public static final String BINARY = "binary";
  public static final String MEAN_TREATED_BEFORE = "mean_treated_before";
  public static final String MEAN_CONTROL_BEFORE = "mean_control_before";
  public static final String SMD_BEFORE = "smd_before";
  public static final String VARIANCE_RATIO_BEFORE = "variance_ratio_before";
  public static final String MEAN_TREATED_AFTER = "mean_treated_after";
  public static final String MEAN_CONTROL_AFTER = "mean_control_after";
  public static final String SMD_AFTER = "smd_after";
  public static final String VARIANCE_RATIO_AFTER = "variance_ratio_after";
}
