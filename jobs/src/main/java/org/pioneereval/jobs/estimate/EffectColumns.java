package org.pioneereval.jobs.estimate;

/** Columns of {@code results/did_effects}: one row per run, outcome and estimator. */
public final class EffectColumns {

  private EffectColumns() {}

  public static final String RUN_ID = "run_id";
  public static final String OUTCOME = "outcome";
  public static final String OUTCOME_LABEL = "outcome_label";
  public static final String UNIT = "unit";
  public static final String PANEL = "panel";
  public static final String ESTIMATOR = "estimator";
  public static final String ESTIMATE = "estimate";
  public static final String STD_ERROR = "std_error";
  public static final String T_STATISTIC = "t_statistic";
  public static final String P_VALUE = "p_value";

  /**
   * TWFE rows: wild cluster bootstrap-t p-value of no effect (restricted, Webb weights, 999 seeded
   * draws; see {@link EstimateJob#BOOTSTRAP_DRAWS}); null for 2x2 rows.
   */
  public static final String WILD_BOOTSTRAP_P_VALUE = "wild_bootstrap_p_value";

  public static final String CI_LOWER = "ci_lower";
  public static final String CI_UPPER = "ci_upper";
  public static final String DEGREES_OF_FREEDOM = "degrees_of_freedom";
  public static final String N_OBSERVATIONS = "n_observations";
  public static final String N_CLUSTERS = "n_clusters";
  public static final String N_PIONEER_SITES = "n_pioneer_sites";
  public static final String N_COMPARISON_SITES = "n_comparison_sites";

  /** Mean outcome of the pioneer sites before go-live: the denominator of the relative effect. */
  public static final String BASELINE_MEAN = "baseline_mean_pioneers_pre";

  public static final String RELATIVE_EFFECT = "relative_effect";
  public static final String VARIANCE_TYPE = "variance_type";
  public static final String SPECIFICATION = "specification";
  public static final String ESTIMATED_AT = "estimated_at";

  /**
   * TWFE rows of site-month outcomes: the event study's joint Wald test that the leads -6..-2
   * (months before go-live; why not all 23 leads: see {@link EventStudyJob}) are zero, F(df1, df2);
   * null otherwise.
   */
  public static final String PRE_TREND_WALD_F = "pre_trend_wald_f";

  public static final String PRE_TREND_WALD_DF1 = "pre_trend_wald_df1";
  public static final String PRE_TREND_WALD_DF2 = "pre_trend_wald_df2";
  public static final String PRE_TREND_WALD_P_VALUE = "pre_trend_wald_p_value";
}
