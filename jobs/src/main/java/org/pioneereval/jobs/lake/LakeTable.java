package org.pioneereval.jobs.lake;

/**
 * Every Delta table the pipeline writes, by layer. The folder of a table inside the lake is {@code
 * <layer>/<name>}, so a newcomer finds each stage's output by its name.
 */
public enum LakeTable {
  /** Raw rows of every accepted file, all columns as delivered (strings) plus drop metadata. */
  BRONZE_SITE_REGISTER("bronze", "site_register"),
  BRONZE_POPULATION("bronze", "population"),
  BRONZE_ADMISSIONS("bronze", "admissions"),
  BRONZE_COSTS("bronze", "costs"),
  BRONZE_PATIENT_EXPERIENCE("bronze", "patient_experience"),
  BRONZE_PATIENT_REGISTER("bronze", "patient_register"),
  /** Typed rows that passed every contract rule. */
  SILVER_SITE_REGISTER("silver", "site_register"),
  SILVER_POPULATION("silver", "population"),
  SILVER_ADMISSIONS("silver", "admissions"),
  SILVER_COSTS("silver", "costs"),
  SILVER_PATIENT_EXPERIENCE("silver", "patient_experience"),
  /** One row per resident patient and site: covariates and programme enrolment date. */
  SILVER_PATIENT_REGISTER("silver", "patient_register"),
  /** Rows that failed a rule, with the rule ids and messages; one table for all extracts. */
  QUARANTINE("quality", "quarantine"),
  /** Per drop and rule: rows checked and failed. */
  DATA_QUALITY_RESULTS("quality", "data_quality_results"),
  /** Per drop: received, accepted, quarantined, refused and why; the ingest ledger. */
  INGEST_LOG("quality", "ingest_log"),
  /** Site x month: admission rates per 1,000, cost per capita, treatment status. */
  SITE_MONTH_PANEL("panel", "site_month_panel"),
  /** Site x survey wave: weighted mean patient-experience scores, treatment status. */
  SITE_WAVE_PANEL("panel", "site_wave_panel"),
  /** One row per run, outcome and estimator: effect, SE, CI, spec. */
  DID_EFFECTS("results", "did_effects"),
  /** One row per run, site-month outcome and event time: event-study coefficient, SE, CI, p. */
  EVENT_STUDY("results", "event_study"),
  /** One row per run, outcome and group-time cell: Callaway-Sant'Anna ATT(g,t), SE, bands. */
  ATT_GT("results", "att_gt"),
  /** One row per run, outcome, estimator (CS, SA), aggregation and key: estimate, SE, CI, p. */
  STAGGERED_AGGREGATIONS("results", "staggered_aggregations"),
  /** One row per run, outcome and 2x2 comparison type: Goodman-Bacon weight, estimate, TWFE. */
  BACON_DECOMPOSITION("results", "bacon_decomposition"),
  /**
   * One row per run, outcome and model: admissions and costs as rate ratios (Poisson PPML),
   * satisfaction as survey-weighted DiDs, each with raw, Holm and Benjamini-Hochberg p-values.
   */
  OUTCOME_MODELS("results", "outcome_models"),
  /**
   * One row per run, design (matched, unmatched), patient-level outcome and model: the matched
   * cohort's rate ratios and differences per patient-year, with Holm and BH p-values.
   */
  COHORT_EFFECTS("results", "cohort_effects"),
  /** One row per run and covariate: balance of the matched cohort before and after matching. */
  COHORT_BALANCE("results", "cohort_balance"),
  /**
   * One row per run and patient-level outcome: two-way fixed-effects DiD on the patient x month
   * panel (patient and month effects, CR1 by site), reduced in Spark to per-site moments.
   */
  PATIENT_PANEL_EFFECTS("results", "patient_panel_effects"),
  /**
   * One row per nightly run: status of every stage, the Delta version of every table after it, row
   * counts, durations, configuration hash and code version; the runs' ledger.
   */
  RUN_LEDGER("runs", "run_ledger");

  private final String layer;
  private final String tableName;

  LakeTable(String layer, String tableName) {
    this.layer = layer;
    this.tableName = tableName;
  }

  public String layer() {
    return layer;
  }

  public String tableName() {
    return tableName;
  }

  /** {@code layer/name}, the table's folder relative to the lake root. */
  public String relativePath() {
    return layer + "/" + tableName;
  }
}
