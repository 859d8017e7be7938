package org.pioneereval.generator;

/** The cell an outcome is measured on, and therefore the cell its true effect is averaged over. */
public enum PanelLevel {
  /** One cell per site and calendar month (admission rates, costs). */
  SITE_MONTH,
  /** One cell per site and annual survey wave (patient-experience items). */
  SITE_WAVE
}
