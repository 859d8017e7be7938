package org.pioneereval.jobs.report;

/**
 * The sections of the report, in order: each is an HTML {@code <section>} with this id (a stable
 * anchor for links and tests) and this heading, and starts a new page when printed.
 */
public enum ReportSection {
  SUMMARY("summary", "Effects"),
  TRENDS("trends", "Trends: pioneer and comparison sites"),
  EVENT_STUDIES("event-studies", "Event studies and pre-trend tests"),
  STAGGERED_ADOPTION("staggered-adoption", "Staggered adoption: estimates robust to the waves"),
  OUTCOME_MODELS("outcome-models", "Outcome models: rate ratios and survey-weighted effects"),
  PATIENT_PANEL("patient-panel", "Patient-level panel: every resident, every month"),
  MATCHED_COHORT("matched-cohort", "Matched patient cohort: enrolled patients and their controls"),
  DATA_QUALITY("data-quality", "Data quality"),
  METHODS("methods", "Methods"),
  DISCLOSURE_CONTROL("disclosure-control", "Disclosure control"),
  PROVENANCE("provenance", "Provenance");

  private final String id;
  private final String title;

  ReportSection(String id, String title) {
    this.id = id;
    this.title = title;
  }

  /** The {@code id} attribute of the section element. */
  public String id() {
    return id;
  }

  public String title() {
    return title;
  }
}
