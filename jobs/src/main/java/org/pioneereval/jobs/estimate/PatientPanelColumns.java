package org.pioneereval.jobs.estimate;

/**
 * Columns of {@code results/patient_panel_effects}: one row per run and patient-level outcome, the
 * two-way fixed-effects DiD on the patient x month panel ({@link PatientPanelJob}).
 */
public final class PatientPanelColumns {
  private PatientPanelColumns() {}

  public static final String RUN_ID = "run_id";

  /** Patient-level outcome, e.g. {@code emergency_admissions}. */
  public static final String OUTCOME = "outcome";

  public static final String OUTCOME_LABEL = "outcome_label";

  /** Unit of the estimate, e.g. "admissions per 1,000 patients per month". */
  public static final String UNIT = "unit";

  /**
   * The site-level panel outcome the estimate is comparable with (same unit and estimand), e.g.
   * {@code emergency_admissions_rate}; null when there is none.
   */
  public static final String SITE_OUTCOME = "site_outcome";

  public static final String ESTIMATE = "estimate";
  public static final String STD_ERROR = "std_error";
  public static final String CI_LOWER = "ci_lower";
  public static final String CI_UPPER = "ci_upper";
  public static final String P_VALUE = "p_value";

  /** Degrees of freedom of the t reference distribution (clusters - 1). */
  public static final String DF = "df";

  /** Patient-months in the panel. */
  public static final String N_PATIENT_MONTHS = "n_patient_months";

  public static final String N_PATIENTS = "n_patients";

  /** Patients of pioneer sites observed after their site's go-live. */
  public static final String N_TREATED_PATIENTS = "n_treated_patients";

  public static final String N_CLUSTERS = "n_clusters";

  /** {@link org.pioneereval.estimators.VarianceType} name. */
  public static final String VARIANCE = "variance";

  /** The model, its fixed effects, clustering, treatment definition and window as JSON. */
  public static final String SPECIFICATION = "specification";

  public static final String ESTIMATED_AT = "estimated_at";
}
