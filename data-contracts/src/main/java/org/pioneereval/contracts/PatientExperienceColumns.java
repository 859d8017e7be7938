package org.pioneereval.contracts;

import java.util.List;

/**
 * Column names of the {@code patient_experience} extract, in CSV header order ({@code
 * patient_experience.odcs.yaml} is the source of truth; a test fails if the two disagree). One row
 * per survey response.
 */
public final class PatientExperienceColumns {

  public static final String RESPONSE_KEY = "response_key";

  public static final String SITE_CODE = "site_code";

  public static final String SURVEY_WAVE = "survey_wave";

  public static final String SURVEY_DATE = "survey_date";

  public static final String AGE_BAND = "age_band";

  public static final String SEX = "sex";

  public static final String LTC_FLAG = "ltc_flag";

  public static final String OVERALL_SATISFACTION = "overall_satisfaction";

  public static final String CARE_COORDINATED = "care_coordinated";

  public static final String INVOLVED_IN_DECISIONS = "involved_in_decisions";

  public static final String KNEW_WHOM_TO_CONTACT = "knew_whom_to_contact";

  public static final String SURVEY_WEIGHT = "survey_weight";

  public static final String EXTRACT_BATCH = "extract_batch";

  /** Every column, in CSV header order. */
  public static final List<String> ALL =
      List.of(
          RESPONSE_KEY,
          SITE_CODE,
          SURVEY_WAVE,
          SURVEY_DATE,
          AGE_BAND,
          SEX,
          LTC_FLAG,
          OVERALL_SATISFACTION,
          CARE_COORDINATED,
          INVOLVED_IN_DECISIONS,
          KNEW_WHOM_TO_CONTACT,
          SURVEY_WEIGHT,
          EXTRACT_BATCH);

  private PatientExperienceColumns() {}
}
