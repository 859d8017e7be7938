package org.pioneereval.contracts;

import java.util.List;

/**
 * Column names of the {@code patient_register} extract, in CSV header order ({@code
 * patient_register.odcs.yaml} is the source of truth; a test fails if the two disagree). One row
 * per resident patient of a site; {@link #PATIENT_KEY} is the key the admissions extract carries.
 */
public final class PatientRegisterColumns {

  public static final String PATIENT_KEY = "patient_key";

  public static final String SITE_CODE = "site_code";

  public static final String AGE_BAND = "age_band";

  public static final String SEX = "sex";

  public static final String LTC_FLAG = "ltc_flag";

  public static final String IMD_QUINTILE = "imd_quintile";

  public static final String ENROLMENT_DATE = "enrolment_date";

  public static final String EXTRACT_BATCH = "extract_batch";

  /** Every column, in CSV header order. */
  public static final List<String> ALL =
      List.of(
          PATIENT_KEY,
          SITE_CODE,
          AGE_BAND,
          SEX,
          LTC_FLAG,
          IMD_QUINTILE,
          ENROLMENT_DATE,
          EXTRACT_BATCH);

  private PatientRegisterColumns() {}
}
