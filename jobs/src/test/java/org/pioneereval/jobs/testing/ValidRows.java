package org.pioneereval.jobs.testing;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.CostsColumns;
import org.pioneereval.contracts.PatientExperienceColumns;
import org.pioneereval.contracts.PatientRegisterColumns;
import org.pioneereval.contracts.PopulationColumns;
import org.pioneereval.contracts.PriceIndex;
import org.pioneereval.contracts.SiteRegisterColumns;

/**
 * Rows that pass every rule of their contract (docs/EXTRACTS.md), from which tests derive faulty
 * ones with {@link ExtractRow#with}. Keys are deterministic functions of site, month and a serial
 * number, so two tests never need to coordinate.
 */
public final class ValidRows {

  /** Go-live of the wave-1 pioneers in these tests (as the real programme's first wave). */
  public static final LocalDate WAVE1_GO_LIVE = LocalDate.of(2013, 11, 1);

  /** The six care settings of a costs drop, in the order tests write them. */
  public static final List<String> SETTINGS =
      List.of("inpatient", "outpatient", "ae", "community", "social_care", "prescribing");

  private ValidRows() {}

  /** A site-register row: P.. codes are wave-1 pioneers live from {@link #WAVE1_GO_LIVE}. */
  public static ExtractRow site(String code) {
    boolean pioneer = code.startsWith("P");
    return ExtractRow.of(
        SiteRegisterColumns.SITE_CODE,
        code,
        SiteRegisterColumns.SITE_NAME,
        (pioneer ? "Pioneer site " : "Comparison site ") + code,
        SiteRegisterColumns.SITE_TYPE,
        pioneer ? "pioneer" : "comparison",
        SiteRegisterColumns.WAVE,
        pioneer ? "1" : null,
        SiteRegisterColumns.GO_LIVE_DATE,
        pioneer ? WAVE1_GO_LIVE.toString() : null,
        SiteRegisterColumns.REGION,
        "London",
        SiteRegisterColumns.IMD_DECILE,
        "5");
  }

  /** Register rows for the given codes. */
  public static List<ExtractRow> sites(String... codes) {
    List<ExtractRow> rows = new ArrayList<>();
    for (String code : codes) {
      rows.add(site(code));
    }
    return rows;
  }

  /** The population batch (financial year start, yyyy-04) a month belongs to. */
  public static String populationBatch(YearMonth month) {
    int year = PriceIndex.financialYearOf(month.getYear(), month.getMonthValue());
    return year + "-04";
  }

  public static ExtractRow population(String site, YearMonth month, int residents) {
    return ExtractRow.of(
        PopulationColumns.SITE_CODE, site,
        PopulationColumns.PERIOD_MONTH, month.atDay(1).toString(),
        PopulationColumns.POPULATION, Integer.toString(residents),
        PopulationColumns.EXTRACT_BATCH, populationBatch(month));
  }

  /** The 12 rows of a population drop for the financial year starting April {@code year}. */
  public static List<ExtractRow> populationYear(String site, int year, int residents) {
    List<ExtractRow> rows = new ArrayList<>();
    for (int m = 0; m < 12; m++) {
      rows.add(population(site, YearMonth.of(year, 4).plusMonths(m), residents));
    }
    return rows;
  }

  /**
   * A spell of a resident of {@code site}, admitted on {@code admitted} for {@code lengthOfStay}
   * days; {@code serial} makes the spell and patient keys unique within the site and month.
   */
  public static ExtractRow admission(
      String site, LocalDate admitted, int lengthOfStay, String method, int serial) {
    YearMonth month = YearMonth.from(admitted);
    return ExtractRow.of(
        AdmissionsColumns.SPELL_KEY,
        spellKey(site, month, serial),
        AdmissionsColumns.PATIENT_KEY,
        patientKey(site, serial),
        AdmissionsColumns.SITE_CODE,
        site,
        AdmissionsColumns.ADMISSION_DATE,
        admitted.toString(),
        AdmissionsColumns.DISCHARGE_DATE,
        admitted.plusDays(lengthOfStay).toString(),
        AdmissionsColumns.ADMISSION_METHOD,
        method,
        AdmissionsColumns.AGE_BAND,
        "65-74",
        AdmissionsColumns.SEX,
        serial % 2 == 0 ? "F" : "M",
        AdmissionsColumns.LTC_FLAG,
        serial % 3 == 0 ? "true" : "false",
        AdmissionsColumns.DIAGNOSIS_CHAPTER,
        "IX",
        AdmissionsColumns.LENGTH_OF_STAY,
        Integer.toString(lengthOfStay),
        AdmissionsColumns.EXTRACT_BATCH,
        month.toString());
  }

  /** {@code count} emergency spells in {@code month}, one per day from the 1st, 2 days each. */
  public static List<ExtractRow> admissions(String site, YearMonth month, int count) {
    List<ExtractRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(admission(site, month.atDay(1 + i % month.lengthOfMonth()), 2, "emergency", i));
    }
    return rows;
  }

  /**
   * A patient-register row of a resident of {@code site} with the key {@link #admission} gives the
   * same {@code serial}; {@code enrolmentDate} null for a patient never enrolled.
   */
  public static ExtractRow patient(String site, int serial, LocalDate enrolmentDate) {
    return ExtractRow.of(
        PatientRegisterColumns.PATIENT_KEY,
        patientKey(site, serial),
        PatientRegisterColumns.SITE_CODE,
        site,
        PatientRegisterColumns.AGE_BAND,
        "65-74",
        PatientRegisterColumns.SEX,
        serial % 2 == 0 ? "F" : "M",
        PatientRegisterColumns.LTC_FLAG,
        serial % 3 == 0 ? "true" : "false",
        PatientRegisterColumns.IMD_QUINTILE,
        Integer.toString(1 + serial % 5),
        PatientRegisterColumns.ENROLMENT_DATE,
        enrolmentDate == null ? null : enrolmentDate.toString(),
        PatientRegisterColumns.EXTRACT_BATCH,
        "register");
  }

  /** {@code count} residents of {@code site}, none enrolled. */
  public static List<ExtractRow> patients(String site, int count) {
    List<ExtractRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(patient(site, i, null));
    }
    return rows;
  }

  /** 20 lower-case hex digits: site letter as a/c, site number, yyyyMM, serial. */
  public static String spellKey(String site, YearMonth month, int serial) {
    return siteHex(site)
        + String.format("%04d%02d", month.getYear(), month.getMonthValue())
        + String.format("%011x", serial);
  }

  /** 16 lower-case hex digits. */
  public static String patientKey(String site, int serial) {
    return siteHex(site) + String.format("%013x", serial);
  }

  private static String siteHex(String site) {
    return (site.charAt(0) == 'P' ? "a" : "c") + site.substring(1, 3);
  }

  public static ExtractRow cost(
      String site, YearMonth month, String setting, String amountGbp, int priceYear) {
    return ExtractRow.of(
        CostsColumns.SITE_CODE,
        site,
        CostsColumns.PERIOD_MONTH,
        month.atDay(1).toString(),
        CostsColumns.SETTING,
        setting,
        CostsColumns.AMOUNT_GBP,
        amountGbp,
        CostsColumns.PRICE_YEAR,
        Integer.toString(priceYear),
        CostsColumns.EXTRACT_BATCH,
        month.toString());
  }

  /** The 6 rows of a costs drop: one per setting, each {@code amountGbp} in the month's prices. */
  public static List<ExtractRow> costsMonth(String site, YearMonth month, String amountGbp) {
    int priceYear = PriceIndex.financialYearOf(month.getYear(), month.getMonthValue());
    List<ExtractRow> rows = new ArrayList<>();
    for (String setting : SETTINGS) {
      rows.add(cost(site, month, setting, amountGbp, priceYear));
    }
    return rows;
  }

  /** A survey response of fieldwork wave {@code wave} (batch {@code wave-01}, returned 1 Feb). */
  public static ExtractRow response(String site, int wave, int serial, int score, String weight) {
    return ExtractRow.of(
        PatientExperienceColumns.RESPONSE_KEY,
        siteHex(site) + String.format("%013x", serial),
        PatientExperienceColumns.SITE_CODE,
        site,
        PatientExperienceColumns.SURVEY_WAVE,
        Integer.toString(wave),
        PatientExperienceColumns.SURVEY_DATE,
        LocalDate.of(wave, 2, 1).toString(),
        PatientExperienceColumns.AGE_BAND,
        "75-84",
        PatientExperienceColumns.SEX,
        "F",
        PatientExperienceColumns.LTC_FLAG,
        "true",
        PatientExperienceColumns.OVERALL_SATISFACTION,
        Integer.toString(score),
        PatientExperienceColumns.CARE_COORDINATED,
        Integer.toString(score),
        PatientExperienceColumns.INVOLVED_IN_DECISIONS,
        Integer.toString(score),
        PatientExperienceColumns.KNEW_WHOM_TO_CONTACT,
        Integer.toString(score),
        PatientExperienceColumns.SURVEY_WEIGHT,
        weight,
        PatientExperienceColumns.EXTRACT_BATCH,
        wave + "-01");
  }

  /** Days between two dates, as the contract's length_of_stay. */
  public static long days(LocalDate from, LocalDate to) {
    return ChronoUnit.DAYS.between(from, to);
  }
}
