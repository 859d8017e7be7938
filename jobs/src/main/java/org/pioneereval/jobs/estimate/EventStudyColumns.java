package org.pioneereval.jobs.estimate;

/**
 * Columns of {@code results/event_study}: one row per run, site-month outcome and event time
 * (months relative to go-live), the reference month included with estimate 0 and no standard error.
 */
public final class EventStudyColumns {

  private EventStudyColumns() {}

  public static final String RUN_ID = "run_id";
  public static final String OUTCOME = "outcome";

  /** Months from go-live; the end points of the window also hold the months beyond it (binned). */
  public static final String EVENT_TIME = "event_time";

  public static final String ESTIMATE = "estimate";
  public static final String STD_ERROR = "std_error";
  public static final String T_STATISTIC = "t_statistic";
  public static final String P_VALUE = "p_value";
  public static final String CI_LOWER = "ci_lower";
  public static final String CI_UPPER = "ci_upper";

  /** True for the omitted month (estimate 0 by construction; SE, CI and p are null). */
  public static final String IS_REFERENCE = "is_reference";

  /** True for the first and last event time, which pool every month beyond the window. */
  public static final String IS_BINNED_ENDPOINT = "is_binned_endpoint";

  public static final String N_OBSERVATIONS = "n_observations";
  public static final String N_CLUSTERS = "n_clusters";
  public static final String VARIANCE_TYPE = "variance_type";
  public static final String ESTIMATED_AT = "estimated_at";
}
