package org.pioneereval.jobs.estimate;

/**
 * Columns of the staggered-adoption results written by {@link StaggeredAdoptionJob}: {@code
 * results/att_gt} (one row per run, outcome and group-time cell), {@code
 * results/staggered_aggregations} (one row per run, outcome, estimator, aggregation and key) and
 * {@code results/bacon_decomposition} (one row per run, outcome and comparison type).
 *
 * <p>Period labels: in site-month panels a period is the month's index counted from the first month
 * kept in the outcome's balanced panel (1 = that month), so differences of labels are months; in
 * site-wave panels it is the survey wave's year. Each label column has a {@code *_start} date
 * column beside it (the month or 1 January of the wave year) so that nobody has to decode labels.
 */
public final class StaggeredColumns {

  private StaggeredColumns() {}

  // ---- shared ----
  public static final String RUN_ID = "run_id";
  public static final String OUTCOME = "outcome";

  /** {@code SITE_MONTH} or {@code SITE_WAVE}: the panel the outcome lives in. */
  public static final String PANEL = "panel";

  public static final String ESTIMATE = "estimate";
  public static final String STD_ERROR = "std_error";
  public static final String CI_LOWER = "ci_lower";
  public static final String CI_UPPER = "ci_upper";

  /**
   * Simultaneous 95% band (multiplier bootstrap, {@link StaggeredAdoptionJob#BOOTSTRAP_DRAWS}
   * Rademacher draws by site, seeded): covers all rows of the same outcome and table part jointly.
   */
  public static final String UNIFORM_CI_LOWER = "uniform_ci_lower";

  public static final String UNIFORM_CI_UPPER = "uniform_ci_upper";
  public static final String ESTIMATED_AT = "estimated_at";

  // ---- results/att_gt ----
  /** Cohort: the period label of the first treated period (go-live month or first wave after). */
  public static final String GROUP = "group";

  public static final String GROUP_START = "group_start";
  public static final String PERIOD = "period";
  public static final String PERIOD_START = "period_start";

  /** The period the cell's outcome change is measured from (varying base: t-1 before adoption). */
  public static final String BASE_PERIOD = "base_period";

  public static final String BASE_PERIOD_START = "base_period_start";

  /** period - group: months (site-month) or years (site-wave) since adoption. */
  public static final String EVENT_TIME = "event_time";

  public static final String POST_TREATMENT = "post_treatment";
  public static final String ATT = "att";
  public static final String TREATED_UNITS = "treated_sites";
  public static final String COMPARISON_UNITS = "comparison_sites";

  // ---- results/staggered_aggregations ----
  /** {@code CS} (Callaway and Sant'Anna) or {@code SA} (Sun and Abraham). */
  public static final String ESTIMATOR = "estimator";

  /**
   * {@code SIMPLE}, {@code GROUP}, {@code DYNAMIC}, {@code CALENDAR}, the pre-tests {@code
   * PRE_TEST} and {@code PRE_TEST_COHORT_LEADS}, or {@code NOT_ESTIMATED} (reason in {@link
   * #NOTE}).
   */
  public static final String AGGREGATION = "aggregation";

  /** {@code overall}, or the event time / cohort / calendar period label as text. */
  public static final String KEY = "key";

  /** The key as a number; null for {@code overall}. */
  public static final String KEY_VALUE = "key_value";

  /** GROUP and CALENDAR keys: the cohort's first treated or the calendar period's start date. */
  public static final String KEY_PERIOD_START = "key_period_start";

  /** Two-sided p-value of no effect (normal for CS, t(G-1) for SA), or of the pre-test. */
  public static final String P_VALUE = "p_value";

  public static final String CHI_SQUARED = "chi_squared";
  public static final String CHI_SQUARED_DF = "chi_squared_df";

  /** Sites in the balanced panel, and how many of them are pioneers and comparison sites. */
  public static final String N_SITES = "n_sites";

  public static final String N_PIONEER_SITES = "n_pioneer_sites";
  public static final String N_COMPARISON_SITES = "n_comparison_sites";
  public static final String N_PERIODS = "n_periods";

  /** Sites, periods and site-period rows with a value that the balancing rule left out. */
  public static final String SITES_DROPPED = "sites_dropped";

  public static final String PERIODS_DROPPED = "periods_dropped";
  public static final String ROWS_DROPPED = "rows_dropped";

  /** Why a value is missing or what an estimator left out (exclusions), in words. */
  public static final String NOTE = "note";

  /** JSON: estimator settings, the balancing rule, window, bootstrap, exclusions. */
  public static final String SPECIFICATION = "specification";

  // ---- results/bacon_decomposition ----
  /** A {@code GoodmanBaconDecomposition.ComparisonType}. */
  public static final String COMPARISON_TYPE = "comparison_type";

  /** Total weight of the comparison type (weights of an outcome sum to 1). */
  public static final String WEIGHT = "weight";

  /** Number of 2x2 comparisons of the type. */
  public static final String COMPARISONS = "comparisons";

  /** The TWFE coefficient of the balanced panel: the weighted sum of all 2x2 estimates. */
  public static final String TWFE = "twfe";
}
