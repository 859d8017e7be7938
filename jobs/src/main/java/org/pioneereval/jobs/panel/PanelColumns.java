package org.pioneereval.jobs.panel;

/** Columns of the panel tables that the estimate stage and the report read. */
public final class PanelColumns {

  private PanelColumns() {}

  public static final String SITE_CODE = "site_code";
  public static final String SITE_TYPE = "site_type";
  public static final String WAVE = "wave";
  public static final String GO_LIVE_DATE = "go_live_date";

  /** True for pioneer sites, whatever the period. */
  public static final String PIONEER = "pioneer";

  /** True when the site is a pioneer and the period starts on or after its go-live date. */
  public static final String TREATED_POST = "treated_post";

  /** First day of the period: the month, or 1 January of the survey wave's year. */
  public static final String PERIOD_START = "period_start";

  /** Whole months from go-live to the period start (negative before); null for comparison sites. */
  public static final String EVENT_TIME_MONTHS = "event_time_months";

  /** site x month */
  public static final String PERIOD_MONTH = "period_month";

  public static final String POPULATION = "population";
  public static final String EMERGENCY_ADMISSIONS = "emergency_admissions";
  public static final String ELECTIVE_ADMISSIONS = "elective_admissions";
  public static final String COST_GBP_BASE_YEAR = "cost_gbp_base_year_prices";

  /** site x wave */
  public static final String SURVEY_WAVE = "survey_wave";

  public static final String RESPONDENTS = "respondents";
  public static final String SUM_WEIGHTS = "sum_survey_weights";

  public static final String PANEL_RUN_ID = "panel_run_id";
}
