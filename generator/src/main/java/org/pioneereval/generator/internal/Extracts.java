package org.pioneereval.generator.internal;

import java.util.List;
import org.pioneereval.contracts.Extract;

/**
 * Extract names and column lists (from the data contracts, docs/EXTRACTS.md order) and the drop
 * layout constants.
 */
public final class Extracts {
  private Extracts() {}

  public static final String SITE_REGISTER = Extract.SITE_REGISTER.folderName();
  public static final String POPULATION = Extract.POPULATION.folderName();
  public static final String ADMISSIONS = Extract.ADMISSIONS.folderName();
  public static final String COSTS = Extract.COSTS.folderName();
  public static final String PATIENT_EXPERIENCE = Extract.PATIENT_EXPERIENCE.folderName();
  public static final String PATIENT_REGISTER = Extract.PATIENT_REGISTER.folderName();

  /** Every extract, in the order they are written. */
  public static final List<String> ALL =
      List.of(SITE_REGISTER, POPULATION, ADMISSIONS, COSTS, PATIENT_EXPERIENCE, PATIENT_REGISTER);

  /** The contract version stamped on every manifest. */
  public static final String CONTRACT_VERSION = "1.0.0";

  /**
   * Site folder and batch of the site register, which is delivered once for all sites; the patient
   * registers use the same batch under each site's own folder.
   */
  public static final String REGISTER_SITE = "ALL";

  public static final String REGISTER_BATCH = "register";

  public static final String MANIFEST_FILE = "manifest.json";
  public static final String DROPS_FOLDER = "drops";
  public static final String TRUTH_FILE = "truth.json";

  // Column lists come from the data contracts' constants classes, so they are defined once.
  public static final List<String> SITE_REGISTER_COLUMNS = Extract.SITE_REGISTER.columnNames();
  public static final List<String> POPULATION_COLUMNS = Extract.POPULATION.columnNames();
  public static final List<String> ADMISSIONS_COLUMNS = Extract.ADMISSIONS.columnNames();
  public static final List<String> COSTS_COLUMNS = Extract.COSTS.columnNames();
  public static final List<String> PATIENT_EXPERIENCE_COLUMNS =
      Extract.PATIENT_EXPERIENCE.columnNames();
  public static final List<String> PATIENT_REGISTER_COLUMNS =
      Extract.PATIENT_REGISTER.columnNames();

  public static final String SITE_TYPE_PIONEER = "pioneer";
  public static final String SITE_TYPE_COMPARISON = "comparison";
}
