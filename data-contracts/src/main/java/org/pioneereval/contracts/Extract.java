package org.pioneereval.contracts;

import java.util.ArrayList;
import java.util.List;

/**
 * The six extracts pioneer-eval reads (see {@code docs/EXTRACTS.md}). The name of an extract is its
 * drop folder, its contract file name and the {@code extract} field of a drop's manifest.
 */
public enum Extract {
  /** One row per site, delivered once (site folder {@code ALL}, batch {@code register}). */
  SITE_REGISTER("site_register", SiteRegisterColumns.ALL),
  /** Resident population per site and month; one drop per site per financial year. */
  POPULATION("population", PopulationColumns.ALL),
  /** One row per hospital spell; one drop per site per month of admission. */
  ADMISSIONS("admissions", AdmissionsColumns.ALL),
  /** Cost per site, month and care setting; one drop per site per month. */
  COSTS("costs", CostsColumns.ALL),
  /** One row per survey response; one drop per site per survey wave. */
  PATIENT_EXPERIENCE("patient_experience", PatientExperienceColumns.ALL),
  /**
   * One row per resident patient of a site (age band, sex, long-term condition, deprivation,
   * enrolment date); one drop per site, delivered once (batch {@code register}).
   */
  PATIENT_REGISTER("patient_register", PatientRegisterColumns.ALL);

  /** Classpath folder the contracts are packaged in. */
  public static final String CONTRACTS_FOLDER = "contracts";

  /** Prefix of every contract id; the extract's folder name follows. */
  public static final String CONTRACT_ID_PREFIX = "urn:pioneer-eval:contract:";

  private final String folderName;
  private final List<String> columnNames;

  Extract(String folderName, List<String> columnNames) {
    this.folderName = folderName;
    this.columnNames = columnNames;
  }

  /** The drop folder name, e.g. {@code admissions}. */
  public String folderName() {
    return folderName;
  }

  /** The contract file name, e.g. {@code admissions.odcs.yaml}. */
  public String contractFileName() {
    return folderName + ".odcs.yaml";
  }

  /**
   * The classpath resource of the contract, e.g. {@code contracts/admissions.odcs.yaml} (for {@link
   * ClassLoader#getResource}; no leading slash).
   */
  public String contractResource() {
    return CONTRACTS_FOLDER + "/" + contractFileName();
  }

  /** The contract's {@code id}, e.g. {@code urn:pioneer-eval:contract:admissions}. */
  public String contractId() {
    return CONTRACT_ID_PREFIX + folderName;
  }

  /**
   * The CSV header of the extract, in order, from the constants classes (a test keeps them equal to
   * the contract). Prefer {@code DataContract.load(extract).columns()} where the types are needed.
   */
  public List<String> columnNames() {
    return columnNames;
  }

  /** The extract whose folder name is {@code folderName}; a {@link ContractException} otherwise. */
  public static Extract fromFolderName(String folderName) {
    for (Extract extract : values()) {
      if (extract.folderName.equals(folderName)) {
        return extract;
      }
    }
    throw ContractErrors.unknownExtract(folderName);
  }

  static List<String> folderNames() {
    List<String> names = new ArrayList<>();
    for (Extract extract : values()) {
      names.add(extract.folderName);
    }
    return names;
  }
}
