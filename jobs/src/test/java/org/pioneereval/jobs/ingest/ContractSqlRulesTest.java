package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.CostsColumns;
import org.pioneereval.contracts.DataContract;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.PatientExperienceColumns;
import org.pioneereval.contracts.PatientRegisterColumns;
import org.pioneereval.contracts.PopulationColumns;
import org.pioneereval.contracts.QualityRule;
import org.pioneereval.contracts.RuleScope;
import org.pioneereval.contracts.RuleType;
import org.pioneereval.contracts.SiteRegisterColumns;
import org.pioneereval.jobs.testing.ExtractRow;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * Every row-level {@code sql} rule of every contract, run by Spark: for each rule a crafted row
 * that breaks it (a valid row with one or two fields changed) fails exactly that rule (plus any
 * rule it cannot help breaking, listed with it), and the valid rows of the same extract fail none.
 * The predicates were checked outside the repository when the contracts were written; this test
 * keeps that check in the build, twice:
 *
 * <ul>
 *   <li>through {@link RowRules}, the checks the ingest job quarantines rows with: the rule ids of
 *       a row's failures are the rule ids it is quarantined under ({@link BadDropCatalogueTest}
 *       follows such rows through a real ingest into the quarantine table);
 *   <li>through {@link QualityRule#rowCondition()}, the contract API documented in
 *       data-contracts/README.md.
 * </ul>
 *
 * <p>Rows are typed and checked in memory (no Delta table is written), so the test covers all 30
 * rules in a few seconds. A new sql rule in a contract fails {@link
 * #everyRowLevelSqlRuleHasAViolationCase()} until a case is added below.
 */
class ContractSqlRulesTest {

  /**
   * A row that breaks {@code ruleId}. {@code marker} names it in messages; {@code failsUnder} is
   * the full, sorted set of rule ids the row must fail (a discharge before admission also makes the
   * length of stay negative, for example).
   */
  record Violation(
      String ruleId, Extract extract, ExtractRow row, String marker, List<String> failsUnder) {
    @Override
    public String toString() {
      return ruleId;
    }
  }

  /** A valid row and a name for it. */
  record ValidRow(Extract extract, ExtractRow row, String marker) {
    @Override
    public String toString() {
      return extract.folderName() + " " + marker;
    }
  }

  /**
   * The site register these rows are checked against (the referential checks of RowRules): P01 a
   * wave-1 pioneer live from {@link ValidRows#WAVE1_GO_LIVE}, C01 a comparison site.
   */
  static final Map<String, LocalDate> REGISTERED_SITES = new HashMap<>();

  static {
    REGISTERED_SITES.put("P01", ValidRows.WAVE1_GO_LIVE);
    REGISTERED_SITES.put("C01", null);
  }

  static final YearMonth ADMISSIONS_MONTH = YearMonth.of(2013, 11);
  static final YearMonth COSTS_MONTH = YearMonth.of(2009, 4);
  static final int SURVEY_WAVE = 2013;

  static final List<Violation> VIOLATIONS = new ArrayList<>();
  static final List<ValidRow> VALID = new ArrayList<>();

  /** Case name ({@code valid ...} or the rule id) to the sorted ids of the checks it fails. */
  static final Map<String, List<String>> FAILED_CHECKS = new HashMap<>();

  /** Case name to the sorted ids of the contract's sql rules whose rowCondition() selects it. */
  static final Map<String, List<String>> SELECTED_BY_ROW_CONDITION = new HashMap<>();

  @BeforeAll
  static void checkEveryCaseInSpark() {
    buildCases();
    for (Extract extract : Extract.values()) {
      DataContract contract = DataContract.load(extract);
      // the register defines the sites, so it has no referential check (as in IngestJob)
      RowRules rules =
          extract == Extract.SITE_REGISTER
              ? RowRules.of(contract, null)
              : RowRules.againstSiteRegister(contract, REGISTERED_SITES);
      Dataset<Row> typed =
          rules.withKeyDeliveries(rules.typed(rawRows(extract, contract.columnNames())));
      Column[] selectedBy =
          contract.rules(RuleScope.ROW).stream()
              .filter(r -> r.type() == RuleType.SQL)
              .map(r -> when(expr(r.rowCondition().orElseThrow()), lit(r.id())))
              .toArray(Column[]::new);
      for (Row row :
          typed
              .select(
                  col(CASE),
                  RowRules.failures(rules.checks()).getField("rule_id"),
                  filter(array(selectedBy), x -> x.isNotNull()))
              .collectAsList()) {
        FAILED_CHECKS.put(row.getString(0), sorted(row.getList(1)));
        SELECTED_BY_ROW_CONDITION.put(row.getString(0), sorted(row.getList(2)));
      }
    }
  }

  static Stream<Violation> violations() {
    return VIOLATIONS.stream();
  }

  static Stream<ValidRow> validRows() {
    return VALID.stream();
  }

  @Test
  void everyRowLevelSqlRuleHasAViolationCase() {
    Set<String> sqlRules = new TreeSet<>();
    for (Extract extract : Extract.values()) {
      for (QualityRule rule : DataContract.load(extract).rules(RuleScope.ROW)) {
        if (rule.type() == RuleType.SQL) {
          sqlRules.add(rule.id());
        }
      }
    }
    assertThat(VIOLATIONS)
        .extracting(Violation::ruleId)
        .containsExactlyInAnyOrderElementsOf(sqlRules);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void violatingRowIsQuarantinedUnderTheRuleId(Violation v) {
    assertThat(FAILED_CHECKS.get(v.ruleId())).as(v.marker()).isEqualTo(v.failsUnder());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void contractRowConditionSelectsTheViolatingRow(Violation v) {
    assertThat(SELECTED_BY_ROW_CONDITION.get(v.ruleId())).as(v.marker()).isEqualTo(v.failsUnder());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validRows")
  void validRowPassesEveryCheckAndEveryRowCondition(ValidRow valid) {
    assertThat(FAILED_CHECKS.get("valid " + valid.marker())).isEmpty();
    assertThat(SELECTED_BY_ROW_CONDITION.get("valid " + valid.marker())).isEmpty();
  }

  private static final String CASE = "_case";

  private static Dataset<Row> rawRows(Extract extract, List<String> columns) {
    List<Row> raw = new ArrayList<>();
    for (ValidRow valid : VALID) {
      if (valid.extract() == extract) {
        raw.add(rawRow(columns, valid.row(), "valid " + valid.marker()));
      }
    }
    for (Violation v : VIOLATIONS) {
      if (v.extract() == extract) {
        raw.add(rawRow(columns, v.row(), v.ruleId()));
      }
    }
    StructType schema = new StructType().add(CASE, DataTypes.StringType);
    for (String column : columns) {
      schema = schema.add(column, DataTypes.StringType);
    }
    return SparkTestSession.get().createDataFrame(raw, schema);
  }

  private static List<String> sorted(List<String> ids) {
    List<String> copy = new ArrayList<>(ids);
    copy.sort(null);
    return copy;
  }

  private static Row rawRow(List<String> columns, ExtractRow row, String name) {
    Object[] values = new Object[columns.size() + 1];
    values[0] = name;
    for (int i = 0; i < columns.size(); i++) {
      values[i + 1] = row.get(columns.get(i));
    }
    return RowFactory.create(values);
  }

  private static String marker(String column, String value) {
    return "\"" + column + "\":\"" + value + "\"";
  }

  private static void violation(
      String ruleId, Extract extract, ExtractRow row, String marker, String... alsoBroken) {
    List<String> ids = new ArrayList<>(List.of(alsoBroken));
    ids.add(ruleId);
    ids.sort(null);
    VIOLATIONS.add(new Violation(ruleId, extract, row, marker, List.copyOf(ids)));
  }

  private static void valid(Extract extract, ExtractRow row, String marker) {
    VALID.add(new ValidRow(extract, row, marker));
  }

  // ---------------------------------------------------------------------------------------------

  private static void buildCases() {
    VIOLATIONS.clear();
    VALID.clear();
    siteRegister();
    population();
    admissions();
    costs();
    patientExperience();
    patientRegister();
  }

  private static void siteRegister() {
    Extract e = Extract.SITE_REGISTER;
    String code = SiteRegisterColumns.SITE_CODE;
    valid(e, ValidRows.site("P01"), marker(code, "P01"));
    valid(e, ValidRows.site("C01"), marker(code, "C01"));
    violation(
        "site_register_wave_range",
        e,
        ValidRows.site("P02").with(SiteRegisterColumns.WAVE, "3"),
        marker(code, "P02"));
    violation(
        "site_register_imd_decile_range",
        e,
        ValidRows.site("C02").with(SiteRegisterColumns.IMD_DECILE, "0"),
        marker(code, "C02"));
    violation(
        "site_register_pioneer_timing_present",
        e,
        ValidRows.site("P03")
            .with(SiteRegisterColumns.WAVE, null)
            .with(SiteRegisterColumns.GO_LIVE_DATE, null),
        marker(code, "P03"));
    violation(
        "site_register_site_code_matches_type",
        e,
        ValidRows.site("C04").with(code, "P04"),
        marker(code, "P04"));
    violation(
        "site_register_go_live_first_of_month",
        e,
        ValidRows.site("P05").with(SiteRegisterColumns.GO_LIVE_DATE, "2013-11-15"),
        marker(code, "P05"));
  }

  /** 12 rows (the contract's rowCount): 4 violations and 8 valid months, keys all distinct. */
  private static void population() {
    Extract e = Extract.POPULATION;
    String period = PopulationColumns.PERIOD_MONTH;
    for (YearMonth m :
        List.of(
            YearMonth.of(2013, 4),
            YearMonth.of(2013, 8),
            YearMonth.of(2013, 9),
            YearMonth.of(2013, 10),
            YearMonth.of(2013, 11),
            YearMonth.of(2013, 12),
            YearMonth.of(2014, 1),
            YearMonth.of(2014, 2))) {
      valid(e, ValidRows.population("P01", m, 5000), marker(period, m.atDay(1).toString()));
    }
    violation(
        "population_population_range",
        e,
        ValidRows.population("P01", YearMonth.of(2013, 7), 5000)
            .with(PopulationColumns.POPULATION, "0"),
        marker(period, "2013-07-01"));
    violation(
        "population_period_first_of_month",
        e,
        ValidRows.population("P01", YearMonth.of(2013, 5), 5000).with(period, "2013-05-15"),
        marker(period, "2013-05-15"));
    violation(
        "population_batch_starts_financial_year",
        e,
        ValidRows.population("P01", YearMonth.of(2013, 6), 5000)
            .with(PopulationColumns.EXTRACT_BATCH, "2013-05"),
        marker(period, "2013-06-01"));
    violation(
        "population_period_within_batch_year",
        e,
        ValidRows.population("P01", YearMonth.of(2014, 4), 5000)
            .with(PopulationColumns.EXTRACT_BATCH, "2013-04"),
        marker(period, "2014-04-01"));
  }

  private static void admissions() {
    Extract e = Extract.ADMISSIONS;
    YearMonth m = ADMISSIONS_MONTH;
    String key = AdmissionsColumns.SPELL_KEY;
    for (int i = 0; i < 2; i++) {
      ExtractRow spell = ValidRows.admission("P01", m.atDay(3 + i), 2, "emergency", i);
      valid(e, spell, marker(key, spell.get(key)));
    }
    ExtractRow longStay = ValidRows.admission("P01", m.atDay(5), 400, "elective", 10);
    violation("admissions_length_of_stay_range", e, longStay, marker(key, longStay.get(key)));
    LocalDate admitted = m.atDay(10);
    ExtractRow dischargedBefore =
        ValidRows.admission("P01", admitted, 0, "emergency", 11)
            .with(AdmissionsColumns.DISCHARGE_DATE, admitted.minusDays(2).toString())
            .with(AdmissionsColumns.LENGTH_OF_STAY, "-2");
    violation(
        "admissions_discharge_after_admission",
        e,
        dischargedBefore,
        marker(key, dischargedBefore.get(key)),
        "admissions_length_of_stay_range");
    ExtractRow wrongStay =
        ValidRows.admission("P01", m.atDay(12), 1, "emergency", 12)
            .with(AdmissionsColumns.LENGTH_OF_STAY, "3");
    violation(
        "admissions_length_of_stay_matches_dates", e, wrongStay, marker(key, wrongStay.get(key)));
    ExtractRow lastMonth =
        ValidRows.admission("P01", m.minusMonths(1).atEndOfMonth(), 1, "emergency", 13)
            .with(AdmissionsColumns.EXTRACT_BATCH, m.toString());
    violation("admissions_admission_in_batch_month", e, lastMonth, marker(key, lastMonth.get(key)));
  }

  /** 6 rows (the contract's rowCount), one per setting: 1 valid and 5 violations. */
  private static void costs() {
    Extract e = Extract.COSTS;
    YearMonth m = COSTS_MONTH;
    String setting = CostsColumns.SETTING;
    valid(e, ValidRows.cost("C01", m, "inpatient", "100.00", 2009), marker(setting, "inpatient"));
    violation(
        "costs_amount_gbp_range",
        e,
        ValidRows.cost("C01", m, "outpatient", "-1.00", 2009),
        marker(setting, "outpatient"));
    violation(
        "costs_price_year_range",
        e,
        ValidRows.cost("C01", m, "ae", "100.00", 2008),
        marker(setting, "ae"));
    violation(
        "costs_period_first_of_month",
        e,
        ValidRows.cost("C01", m, "community", "100.00", 2009)
            .with(CostsColumns.PERIOD_MONTH, "2009-04-15"),
        marker(setting, "community"));
    violation(
        "costs_period_in_batch_month",
        e,
        ValidRows.cost("C01", m, "social_care", "100.00", 2009)
            .with(CostsColumns.PERIOD_MONTH, "2009-05-01"),
        marker(setting, "social_care"));
    violation(
        "costs_price_year_plausible",
        e,
        ValidRows.cost("C01", m, "prescribing", "100.00", 2011),
        marker(setting, "prescribing"));
  }

  private static void patientExperience() {
    Extract e = Extract.PATIENT_EXPERIENCE;
    String key = PatientExperienceColumns.RESPONSE_KEY;
    for (int i = 0; i < 2; i++) {
      ExtractRow response = ValidRows.response("P01", SURVEY_WAVE, i, 4, "1.0");
      valid(e, response, marker(key, response.get(key)));
    }
    int serial = 10;
    ExtractRow earlyWave = ValidRows.response("P01", 2010, serial++, 4, "1.0");
    violation(
        "patient_experience_survey_wave_range", e, earlyWave, marker(key, earlyWave.get(key)));
    for (String item :
        List.of(
            PatientExperienceColumns.OVERALL_SATISFACTION,
            PatientExperienceColumns.CARE_COORDINATED,
            PatientExperienceColumns.INVOLVED_IN_DECISIONS,
            PatientExperienceColumns.KNEW_WHOM_TO_CONTACT)) {
      String outOfScale = item.equals(PatientExperienceColumns.CARE_COORDINATED) ? "0" : "6";
      ExtractRow r =
          ValidRows.response("P01", SURVEY_WAVE, serial++, 4, "1.0").with(item, outOfScale);
      violation("patient_experience_" + item + "_range", e, r, marker(key, r.get(key)));
    }
    ExtractRow weightless =
        ValidRows.response("P01", SURVEY_WAVE, serial++, 4, "1.0")
            .with(PatientExperienceColumns.SURVEY_WEIGHT, "0");
    violation(
        "patient_experience_survey_weight_range", e, weightless, marker(key, weightless.get(key)));
    ExtractRow beforeFieldwork =
        ValidRows.response("P01", SURVEY_WAVE, serial++, 4, "1.0")
            .with(PatientExperienceColumns.SURVEY_DATE, "2012-12-01");
    violation(
        "patient_experience_survey_date_in_wave",
        e,
        beforeFieldwork,
        marker(key, beforeFieldwork.get(key)));
    ExtractRow otherWave =
        ValidRows.response("P01", SURVEY_WAVE + 1, serial, 4, "1.0")
            .with(PatientExperienceColumns.EXTRACT_BATCH, SURVEY_WAVE + "-01");
    violation(
        "patient_experience_wave_matches_batch", e, otherWave, marker(key, otherWave.get(key)));
  }

  private static void patientRegister() {
    Extract e = Extract.PATIENT_REGISTER;
    String key = PatientRegisterColumns.PATIENT_KEY;
    LocalDate enrolled = ValidRows.WAVE1_GO_LIVE.plusDays(14);
    for (ExtractRow patient :
        List.of(
            ValidRows.patient("P01", 0, null),
            ValidRows.patient("P01", 1, enrolled),
            ValidRows.patient("C01", 2, null))) {
      valid(e, patient, marker(key, patient.get(key)));
    }
    ExtractRow outOfScale =
        ValidRows.patient("P01", 10, null).with(PatientRegisterColumns.IMD_QUINTILE, "6");
    violation(
        "patient_register_imd_quintile_range", e, outOfScale, marker(key, outOfScale.get(key)));
    ExtractRow afterTheExtracts = ValidRows.patient("P01", 11, LocalDate.of(2019, 4, 1));
    violation(
        "patient_register_enrolment_date_range",
        e,
        afterTheExtracts,
        marker(key, afterTheExtracts.get(key)));
    ExtractRow atComparisonSite = ValidRows.patient("C01", 12, enrolled);
    violation(
        "patient_register_enrolment_only_at_pioneers",
        e,
        atComparisonSite,
        marker(key, atComparisonSite.get(key)));
  }
}
