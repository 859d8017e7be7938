package org.pioneereval.jobs.estimate;

/** The estimators the estimate stage runs for every outcome. */
public enum Estimator {
  /**
   * Two-way fixed effects: outcome on the treated-and-live indicator with site and period fixed
   * effects, all periods, both waves.
   */
  TWFE("Two-way fixed effects DiD (site and period effects)"),
  /**
   * Classic 2x2: pioneer vs comparison sites, before the first go-live vs after the last go-live
   * (the months between the waves are left out).
   */
  DID_2X2("2x2 DiD: pioneers vs comparison, before first vs after last go-live");

  private final String description;

  Estimator(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
