package org.pioneereval.contracts;

import java.util.List;

/**
 * Column names of the {@code admissions} extract, in CSV header order ({@code admissions.odcs.yaml}
 * is the source of truth; a test fails if the two disagree). One row per hospital spell.
 */
public final class AdmissionsColumns {

  public static final String SPELL_KEY = "spell_key";

  public static final String PATIENT_KEY = "patient_key";

  public static final String SITE_CODE = "site_code";

  public static final String ADMISSION_DATE = "admission_date";

  public static final String DISCHARGE_DATE = "discharge_date";

  public static final String ADMISSION_METHOD = "admission_method";

  public static final String AGE_BAND = "age_band";

  public static final String SEX = "sex";

  public static final String LTC_FLAG = "ltc_flag";

  public static final String DIAGNOSIS_CHAPTER = "diagnosis_chapter";

  public static final String LENGTH_OF_STAY = "length_of_stay";

  public static final String EXTRACT_BATCH = "extract_batch";

  /** Every column, in CSV header order. */
  public static final List<String> ALL =
      List.of(
          SPELL_KEY,
          PATIENT_KEY,
          SITE_CODE,
          ADMISSION_DATE,
          DISCHARGE_DATE,
          ADMISSION_METHOD,
          AGE_BAND,
          SEX,
          LTC_FLAG,
          DIAGNOSIS_CHAPTER,
          LENGTH_OF_STAY,
          EXTRACT_BATCH);

  private AdmissionsColumns() {}
}
