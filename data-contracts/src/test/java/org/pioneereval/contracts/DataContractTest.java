package org.pioneereval.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pioneereval.contracts.privacy.DirectIdentifiers;

class DataContractTest {

  /**
   * The rule ids of every contract, in contract order. Ids are the quarantine reasons and keys of
   * the quality history: a rule may be added, never renamed. Changing this list is a contract
   * change (see data-contracts/README.md, versioning).
   */
  private static final Map<Extract, List<String>> STABLE_RULE_IDS =
      Map.of(
          Extract.SITE_REGISTER,
          List.of(
              "site_register_site_code_not_null",
              "site_register_site_code_pattern",
              "site_register_site_code_unique",
              "site_register_site_name_not_null",
              "site_register_site_name_not_blank",
              "site_register_site_type_not_null",
              "site_register_site_type_valid_values",
              "site_register_wave_range",
              "site_register_region_not_null",
              "site_register_region_valid_values",
              "site_register_imd_decile_not_null",
              "site_register_imd_decile_range",
              "site_register_row_count",
              "site_register_pioneer_timing_present",
              "site_register_site_code_matches_type",
              "site_register_go_live_first_of_month"),
          Extract.POPULATION,
          List.of(
              "population_site_code_not_null",
              "population_site_code_pattern",
              "population_period_month_not_null",
              "population_population_not_null",
              "population_population_range",
              "population_extract_batch_not_null",
              "population_extract_batch_pattern",
              "population_row_count",
              "population_primary_key_unique",
              "population_period_first_of_month",
              "population_batch_starts_financial_year",
              "population_period_within_batch_year"),
          Extract.ADMISSIONS,
          List.of(
              "admissions_spell_key_not_null",
              "admissions_spell_key_pattern",
              "admissions_spell_key_unique",
              "admissions_patient_key_not_null",
              "admissions_patient_key_pattern",
              "admissions_site_code_not_null",
              "admissions_site_code_pattern",
              "admissions_admission_date_not_null",
              "admissions_discharge_date_not_null",
              "admissions_admission_method_not_null",
              "admissions_admission_method_valid_values",
              "admissions_age_band_not_null",
              "admissions_age_band_valid_values",
              "admissions_sex_not_null",
              "admissions_sex_valid_values",
              "admissions_ltc_flag_not_null",
              "admissions_diagnosis_chapter_not_null",
              "admissions_diagnosis_chapter_valid_values",
              "admissions_length_of_stay_not_null",
              "admissions_length_of_stay_range",
              "admissions_extract_batch_not_null",
              "admissions_extract_batch_pattern",
              "admissions_row_count",
              "admissions_discharge_after_admission",
              "admissions_length_of_stay_matches_dates",
              "admissions_admission_in_batch_month"),
          Extract.COSTS,
          List.of(
              "costs_site_code_not_null",
              "costs_site_code_pattern",
              "costs_period_month_not_null",
              "costs_setting_not_null",
              "costs_setting_valid_values",
              "costs_amount_gbp_not_null",
              "costs_amount_gbp_range",
              "costs_price_year_not_null",
              "costs_price_year_range",
              "costs_extract_batch_not_null",
              "costs_extract_batch_pattern",
              "costs_row_count",
              "costs_primary_key_unique",
              "costs_period_first_of_month",
              "costs_period_in_batch_month",
              "costs_price_year_plausible"),
          Extract.PATIENT_EXPERIENCE,
          List.of(
              "patient_experience_response_key_not_null",
              "patient_experience_response_key_pattern",
              "patient_experience_response_key_unique",
              "patient_experience_site_code_not_null",
              "patient_experience_site_code_pattern",
              "patient_experience_survey_wave_not_null",
              "patient_experience_survey_wave_range",
              "patient_experience_survey_date_not_null",
              "patient_experience_age_band_not_null",
              "patient_experience_age_band_valid_values",
              "patient_experience_sex_not_null",
              "patient_experience_sex_valid_values",
              "patient_experience_ltc_flag_not_null",
              "patient_experience_overall_satisfaction_answered",
              "patient_experience_overall_satisfaction_range",
              "patient_experience_care_coordinated_answered",
              "patient_experience_care_coordinated_range",
              "patient_experience_involved_in_decisions_answered",
              "patient_experience_involved_in_decisions_range",
              "patient_experience_knew_whom_to_contact_answered",
              "patient_experience_knew_whom_to_contact_range",
              "patient_experience_survey_weight_not_null",
              "patient_experience_survey_weight_range",
              "patient_experience_extract_batch_not_null",
              "patient_experience_extract_batch_pattern",
              "patient_experience_row_count",
              "patient_experience_survey_date_in_wave",
              "patient_experience_wave_matches_batch"),
          Extract.PATIENT_REGISTER,
          List.of(
              "patient_register_patient_key_not_null",
              "patient_register_patient_key_pattern",
              "patient_register_patient_key_unique",
              "patient_register_site_code_not_null",
              "patient_register_site_code_pattern",
              "patient_register_age_band_not_null",
              "patient_register_age_band_valid_values",
              "patient_register_sex_not_null",
              "patient_register_sex_valid_values",
              "patient_register_ltc_flag_not_null",
              "patient_register_imd_quintile_not_null",
              "patient_register_imd_quintile_range",
              "patient_register_enrolment_date_range",
              "patient_register_extract_batch_not_null",
              "patient_register_extract_batch_valid_values",
              "patient_register_row_count",
              "patient_register_enrolment_only_at_pioneers"));

  private static List<String> ids(DataContract contract) {
    List<String> ids = new ArrayList<>();
    contract.rules().forEach(r -> ids.add(r.id()));
    return ids;
  }

  @ParameterizedTest
  @EnumSource(Extract.class)
  void loadsFromTheClasspathWithIdVersionAndExtract(Extract extract) {
    DataContract contract = DataContract.load(extract);

    assertThat(contract.id()).isEqualTo("urn:pioneer-eval:contract:" + extract.folderName());
    assertThat(contract.version()).isEqualTo("1.0.0");
    assertThat(contract.extract()).isEqualTo(extract);
    assertThat(contract.source()).isEqualTo(extract.folderName() + ".odcs.yaml");
    assertThat(contract.status()).isEqualTo("active");
    assertThat(extract.contractResource())
        .isEqualTo("contracts/" + extract.folderName() + ".odcs.yaml");
  }

  @ParameterizedTest
  @EnumSource(Extract.class)
  void columnConstantsAndContractAgreeInSetAndOrder(Extract extract) {
    assertThat(DataContract.load(extract).columnNames())
        .containsExactlyElementsOf(extract.columnNames());
  }

  @Test
  void columnConstantsAreTheContractColumnsOfEachExtract() {
    assertThat(DataContract.load(Extract.SITE_REGISTER).columnNames())
        .isEqualTo(SiteRegisterColumns.ALL)
        .hasSize(7);
    assertThat(DataContract.load(Extract.POPULATION).columnNames())
        .isEqualTo(PopulationColumns.ALL)
        .hasSize(4);
    assertThat(DataContract.load(Extract.ADMISSIONS).columnNames())
        .isEqualTo(AdmissionsColumns.ALL)
        .hasSize(12);
    assertThat(DataContract.load(Extract.COSTS).columnNames())
        .isEqualTo(CostsColumns.ALL)
        .hasSize(6);
    assertThat(DataContract.load(Extract.PATIENT_EXPERIENCE).columnNames())
        .isEqualTo(PatientExperienceColumns.ALL)
        .hasSize(13);
    assertThat(DataContract.load(Extract.PATIENT_REGISTER).columnNames())
        .isEqualTo(PatientRegisterColumns.ALL)
        .hasSize(8);
  }

  @ParameterizedTest
  @EnumSource(Extract.class)
  void ruleIdsAreStable(Extract extract) {
    assertThat(ids(DataContract.load(extract))).isEqualTo(STABLE_RULE_IDS.get(extract));
  }

  @Test
  void ruleIdsAreUniqueAcrossContractsAndPrefixedWithTheExtract() {
    Set<String> all = new HashSet<>();
    int total = 0;
    for (Extract extract : Extract.values()) {
      DataContract contract = DataContract.load(extract);
      assertThat(contract.rules()).hasSizeGreaterThanOrEqualTo(12);
      for (QualityRule rule : contract.rules()) {
        assertThat(rule.id()).startsWith(extract.folderName() + "_").matches("[a-z0-9_]+");
        all.add(rule.id());
        total++;
      }
    }
    assertThat(total).isEqualTo(115);
    assertThat(all).hasSize(total);
  }

  @Test
  void primaryKeysFollowTheExtractSpecification() {
    assertThat(DataContract.load(Extract.SITE_REGISTER).primaryKey()).containsExactly("site_code");
    assertThat(DataContract.load(Extract.POPULATION).primaryKey())
        .containsExactly("site_code", "period_month");
    assertThat(DataContract.load(Extract.ADMISSIONS).primaryKey()).containsExactly("spell_key");
    assertThat(DataContract.load(Extract.COSTS).primaryKey())
        .containsExactly("site_code", "period_month", "setting");
    assertThat(DataContract.load(Extract.PATIENT_EXPERIENCE).primaryKey())
        .containsExactly("response_key");
    assertThat(DataContract.load(Extract.PATIENT_REGISTER).primaryKey())
        .containsExactly("patient_key");
  }

  @Test
  void admissionsColumnsCarryTypesValuesAndRanges() {
    DataContract admissions = DataContract.load(Extract.ADMISSIONS);

    ContractColumn spellKey = admissions.column(AdmissionsColumns.SPELL_KEY);
    assertThat(spellKey.logicalType()).isEqualTo(LogicalType.STRING);
    assertThat(spellKey.required()).isTrue();
    assertThat(spellKey.unique()).isTrue();
    assertThat(spellKey.classification()).isEqualTo(ContractColumn.PSEUDONYMOUS);
    assertThat(spellKey.pattern()).contains("^[0-9a-f]{20}$");
    assertThat(spellKey.validValues()).isEmpty();

    ContractColumn method = admissions.column(AdmissionsColumns.ADMISSION_METHOD);
    assertThat(method.validValues()).containsExactly("emergency", "elective", "other");
    assertThat(method.pattern()).isEmpty();
    assertThat(method.classification()).isEqualTo(ContractColumn.RESTRICTED);

    ContractColumn stay = admissions.column(AdmissionsColumns.LENGTH_OF_STAY);
    assertThat(stay.logicalType()).isEqualTo(LogicalType.INTEGER);
    assertThat(stay.physicalType()).isEqualTo("INT");
    assertThat(stay.minimum()).hasValue(0.0);
    assertThat(stay.maximum()).hasValue(365.0);

    assertThat(admissions.column(AdmissionsColumns.ADMISSION_DATE).logicalType())
        .isEqualTo(LogicalType.DATE);
    assertThat(admissions.column(AdmissionsColumns.ADMISSION_DATE).format()).contains("yyyy-MM-dd");
    assertThat(admissions.column(AdmissionsColumns.LTC_FLAG).logicalType())
        .isEqualTo(LogicalType.BOOLEAN);
    assertThat(admissions.column(AdmissionsColumns.DIAGNOSIS_CHAPTER).validValues())
        .hasSize(22)
        .startsWith("I", "II")
        .endsWith("XXII");
    assertThat(admissions.column(AdmissionsColumns.AGE_BAND).validValues())
        .containsExactly("0-17", "18-44", "45-64", "65-74", "75-84", "85+");
    assertThat(admissions.column(AdmissionsColumns.SEX).position()).isEqualTo(7);
  }

  @Test
  void patientRegisterSharesTheAdmissionsPatientKeyAndChecksEnrolment() {
    DataContract register = DataContract.load(Extract.PATIENT_REGISTER);
    ContractColumn key = register.column(PatientRegisterColumns.PATIENT_KEY);
    ContractColumn admissionsKey =
        DataContract.load(Extract.ADMISSIONS).column(AdmissionsColumns.PATIENT_KEY);
    assertThat(key.pattern()).isEqualTo(admissionsKey.pattern()).contains("^[0-9a-f]{16}$");
    assertThat(key.classification()).isEqualTo(admissionsKey.classification());
    assertThat(key.unique()).isTrue();
    assertThat(register.rule("patient_register_patient_key_unique").type())
        .isEqualTo(RuleType.DUPLICATE_VALUES);

    assertThat(register.column(PatientRegisterColumns.AGE_BAND).validValues())
        .isEqualTo(
            DataContract.load(Extract.ADMISSIONS).column(AdmissionsColumns.AGE_BAND).validValues());
    ContractColumn imd = register.column(PatientRegisterColumns.IMD_QUINTILE);
    assertThat(imd.minimum()).hasValue(1.0);
    assertThat(imd.maximum()).hasValue(5.0);

    ContractColumn enrolment = register.column(PatientRegisterColumns.ENROLMENT_DATE);
    assertThat(enrolment.logicalType()).isEqualTo(LogicalType.DATE);
    assertThat(enrolment.required()).isFalse();
    assertThat(register.rule("patient_register_enrolment_date_range").sqlPredicate())
        .contains("enrolment_date BETWEEN DATE'2009-04-01' AND DATE'2019-03-31'");
    QualityRule pioneersOnly = register.rule("patient_register_enrolment_only_at_pioneers");
    assertThat(pioneersOnly.scope()).isEqualTo(RuleScope.ROW);
    assertThat(pioneersOnly.columns()).containsExactlyInAnyOrder("enrolment_date", "site_code");
    assertThat(pioneersOnly.rowCondition())
        .contains("NOT (enrolment_date IS NULL OR site_code RLIKE '^P[0-9]{2}$')");
  }

  @Test
  void spellTariffsCoverEveryAdmissionMethodOfTheAdmissionsContract() {
    assertThat(SpellTariff.admissionMethods())
        .containsExactlyElementsOf(
            DataContract.load(Extract.ADMISSIONS)
                .column(AdmissionsColumns.ADMISSION_METHOD)
                .validValues());
    assertThat(SpellTariff.gbp("emergency")).isEqualTo(2400.0);
    assertThat(SpellTariff.gbp("elective")).isEqualTo(1500.0);
    assertThat(SpellTariff.gbp("other")).isEqualTo(1800.0);
    assertThat(SpellTariff.PRICE_YEAR).isEqualTo(2017).isEqualTo(PriceIndex.BASE_YEAR);
    assertThatThrownBy(() -> SpellTariff.gbp("maternity"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No spell tariff for admission method 'maternity'")
        .hasMessageContaining("[emergency, elective, other]");
  }

  @Test
  void optionalColumnsAndExclusiveBoundsAreRead() {
    DataContract survey = DataContract.load(Extract.PATIENT_EXPERIENCE);
    ContractColumn satisfaction = survey.column(PatientExperienceColumns.OVERALL_SATISFACTION);
    assertThat(satisfaction.required()).isFalse();
    assertThat(satisfaction.minimum()).hasValue(1.0);
    assertThat(satisfaction.maximum()).hasValue(5.0);
    ContractColumn weight = survey.column(PatientExperienceColumns.SURVEY_WEIGHT);
    assertThat(weight.logicalType()).isEqualTo(LogicalType.NUMBER);
    assertThat(weight.exclusiveMinimum()).hasValue(0.0);
    assertThat(weight.minimum()).isEmpty();

    DataContract register = DataContract.load(Extract.SITE_REGISTER);
    assertThat(register.column(SiteRegisterColumns.WAVE).required()).isFalse();
    assertThat(register.column(SiteRegisterColumns.GO_LIVE_DATE).required()).isFalse();
    assertThat(register.column(SiteRegisterColumns.REGION).validValues())
        .hasSize(7)
        .contains("London");
    assertThat(DataContract.load(Extract.COSTS).column(CostsColumns.SETTING).validValues())
        .containsExactly(
            "inpatient", "outpatient", "ae", "community", "social_care", "prescribing");
  }

  @Test
  void sqlRulesFollowTheFailingRowCountConvention() {
    QualityRule rule =
        DataContract.load(Extract.ADMISSIONS).rule("admissions_discharge_after_admission");

    assertThat(rule.type()).isEqualTo(RuleType.SQL);
    assertThat(rule.scope()).isEqualTo(RuleScope.ROW);
    assertThat(rule.sqlQuery())
        .contains("SELECT COUNT(*) FROM {object} WHERE NOT (discharge_date >= admission_date)");
    assertThat(rule.sqlPredicate()).contains("discharge_date >= admission_date");
    assertThat(rule.rowCondition()).contains("NOT (discharge_date >= admission_date)");
    assertThat(rule.columns()).containsExactly("admission_date", "discharge_date");
    assertThat(rule.threshold()).isEqualTo(Threshold.zero());
    assertThat(rule.severity()).isEqualTo(Severity.ERROR);
    assertThat(rule.dimension()).contains("consistency");

    assertThat(
            DataContract.load(Extract.ADMISSIONS)
                .rule("admissions_length_of_stay_matches_dates")
                .sqlPredicate())
        .contains("length_of_stay = datediff(discharge_date, admission_date)");
    assertThat(DataContract.load(Extract.COSTS).rule("costs_price_year_plausible").columns())
        .containsExactly("period_month", "price_year");
    assertThat(
            DataContract.load(Extract.PATIENT_EXPERIENCE)
                .rule("patient_experience_survey_date_in_wave")
                .columns())
        .containsExactly("survey_wave", "survey_date", "extract_batch");
  }

  @Test
  void propertyPlaceholderIsReplacedByTheColumnName() {
    QualityRule range =
        DataContract.load(Extract.ADMISSIONS).rule("admissions_length_of_stay_range");

    assertThat(range.sqlQuery())
        .contains("SELECT COUNT(*) FROM {object} WHERE NOT ({property} BETWEEN 0 AND 365)");
    assertThat(range.sqlPredicate()).contains("length_of_stay BETWEEN 0 AND 365");
    assertThat(range.columns()).containsExactly("length_of_stay");
  }

  @ParameterizedTest
  @EnumSource(Extract.class)
  void everyColumnConstraintHasARuleThatEnforcesIt(Extract extract) {
    DataContract contract = DataContract.load(extract);
    for (ContractColumn column : contract.columns()) {
      String prefix = extract.folderName() + "_" + column.name();
      if (column.required()) {
        QualityRule notNull = contract.rule(prefix + "_not_null");
        assertThat(notNull.type()).isEqualTo(RuleType.NULL_VALUES);
        assertThat(notNull.rowCondition()).contains(column.name() + " IS NULL");
      }
      if (!column.validValues().isEmpty()) {
        assertThat(contract.rule(prefix + "_valid_values").validValues())
            .isEqualTo(column.validValues());
      }
      if (column.pattern().isPresent()) {
        assertThat(contract.rule(prefix + "_pattern").pattern()).isEqualTo(column.pattern());
      }
      if (column.minimum().isPresent()
          || column.maximum().isPresent()
          || column.exclusiveMinimum().isPresent()) {
        String predicate = contract.rule(prefix + "_range").sqlPredicate().orElseThrow();
        column
            .minimum()
            .ifPresent(min -> assertThat(predicate).contains(String.valueOf((long) min)));
        column
            .maximum()
            .ifPresent(max -> assertThat(predicate).contains(String.valueOf((long) max)));
        column
            .exclusiveMinimum()
            .ifPresent(min -> assertThat(predicate).contains("> " + (long) min));
      }
      if (column.unique()) {
        assertThat(contract.rule(prefix + "_unique").type()).isEqualTo(RuleType.DUPLICATE_VALUES);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Extract.class)
  void everyContractHasARowCountAndAUniquenessRuleAndCrossColumnSql(Extract extract) {
    DataContract contract = DataContract.load(extract);

    QualityRule rowCount = contract.rule(extract.folderName() + "_row_count");
    assertThat(rowCount.type()).isEqualTo(RuleType.ROW_COUNT);
    assertThat(rowCount.scope()).isEqualTo(RuleScope.BATCH);
    assertThat(rowCount.columns()).isEmpty();
    assertThat(rowCount.rowCondition()).isEmpty();

    List<QualityRule> duplicates =
        contract.rules().stream().filter(r -> r.type() == RuleType.DUPLICATE_VALUES).toList();
    assertThat(duplicates).hasSize(1);
    assertThat(duplicates.get(0).columns()).isEqualTo(contract.primaryKey());
    assertThat(duplicates.get(0).scope()).isEqualTo(RuleScope.BATCH);

    assertThat(
            contract.rules().stream()
                .filter(r -> r.type() == RuleType.SQL && r.columns().size() >= 2))
        .isNotEmpty();
  }

  @Test
  void batchSizesArePinnedWhereTheSpecificationFixesThem() {
    assertThat(DataContract.load(Extract.POPULATION).rule("population_row_count").threshold())
        .hasToString("mustBe: 12");
    assertThat(DataContract.load(Extract.COSTS).rule("costs_row_count").threshold())
        .hasToString("mustBe: 6");
    assertThat(DataContract.load(Extract.SITE_REGISTER).rule("site_register_row_count").threshold())
        .hasToString("mustBeBetween: [1, 124]");
    QualityRule admissions = DataContract.load(Extract.ADMISSIONS).rule("admissions_row_count");
    assertThat(admissions.severity()).isEqualTo(Severity.WARNING);
    assertThat(admissions.passes(0)).isFalse();
    assertThat(admissions.passes(27)).isTrue();
  }

  @Test
  void likertCompletenessIsABatchWarningInPercent() {
    QualityRule answered =
        DataContract.load(Extract.PATIENT_EXPERIENCE)
            .rule("patient_experience_overall_satisfaction_answered");

    assertThat(answered.type()).isEqualTo(RuleType.MISSING_VALUES);
    assertThat(answered.scope()).isEqualTo(RuleScope.BATCH);
    assertThat(answered.unit()).isEqualTo(QualityRule.Unit.PERCENT);
    assertThat(answered.severity()).isEqualTo(Severity.WARNING);
    assertThat(answered.nullIsMissing()).isTrue();
    assertThat(answered.rowCondition()).contains("overall_satisfaction IS NULL");
    assertThat(answered.passes(49.9)).isTrue();
    assertThat(answered.passes(50)).isFalse();
  }

  @Test
  void rowConditionsAreSparkSqlThatMatchTheFailingRows() {
    DataContract register = DataContract.load(Extract.SITE_REGISTER);
    assertThat(register.rule("site_register_site_type_valid_values").rowCondition())
        .contains("site_type NOT IN ('pioneer', 'comparison')");
    assertThat(register.rule("site_register_site_code_pattern").rowCondition())
        .contains("NOT (site_code RLIKE '^[PC][0-9]{2}$')");
    assertThat(register.rule("site_register_site_name_not_blank").rowCondition())
        .contains("(site_name IS NULL OR trim(site_name) IN ('', 'N/A', 'NA', 'NULL', 'unknown'))");
    assertThat(register.rules(RuleScope.ROW))
        .allSatisfy(r -> assertThat(r.rowCondition()).isPresent());
    assertThat(register.rules(RuleScope.BATCH))
        .extracting(QualityRule::id)
        .containsExactly("site_register_site_code_unique", "site_register_row_count");
  }

  @ParameterizedTest
  @EnumSource(Extract.class)
  void noContractColumnLooksLikeADirectIdentifier(Extract extract) {
    for (ContractColumn column : DataContract.load(extract).columns()) {
      assertThat(DirectIdentifiers.columnNameSuggestsIdentifier(column.name()))
          .as(column.name())
          .isFalse();
      assertThat(column.classification())
          .isIn(ContractColumn.PSEUDONYMOUS, ContractColumn.RESTRICTED, ContractColumn.PUBLIC);
      assertThat(column.physicalType()).isEqualTo(column.logicalType().sparkSqlType());
      assertThat(column.typeRuleId())
          .isEqualTo(extract.folderName() + "_" + column.name() + "_type");
    }
  }

  @Test
  void pseudonymousColumnsAreExactlyTheKeys() {
    List<String> pseudonymous = new ArrayList<>();
    for (Extract extract : Extract.values()) {
      DataContract.load(extract).columns().stream()
          .filter(c -> c.classification().equals(ContractColumn.PSEUDONYMOUS))
          .forEach(c -> pseudonymous.add(extract.folderName() + "." + c.name()));
    }
    assertThat(pseudonymous)
        .containsExactly(
            "admissions.spell_key",
            "admissions.patient_key",
            "patient_experience.response_key",
            "patient_register.patient_key");
  }

  @Test
  void patternsCompileAsJavaRegularExpressions() {
    for (Extract extract : Extract.values()) {
      for (ContractColumn column : DataContract.load(extract).columns()) {
        column.pattern().ifPresent(Pattern::compile);
      }
    }
    assertThat(
            Pattern.compile(
                    DataContract.load(Extract.POPULATION)
                        .column("extract_batch")
                        .pattern()
                        .orElseThrow())
                .matcher("2013-04")
                .matches())
        .isTrue();
  }

  @Test
  void manifestVersionsAreAcceptedWithinTheMajorVersionUpToTheContractVersion() {
    DataContract contract = DataContract.load(Extract.ADMISSIONS);

    assertThat(contract.accepts("1.0.0")).isTrue();
    assertThat(contract.accepts("1.0.1")).isFalse();
    assertThat(contract.accepts("1.1.0")).isFalse();
    assertThat(contract.accepts("0.9.0")).isFalse();
    assertThat(contract.accepts("2.0.0")).isFalse();
    assertThatThrownBy(() -> contract.accepts("1.0"))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("'1.0' is not a contract version of the form MAJOR.MINOR.PATCH");
  }

  @Test
  void unknownColumnRuleAndExtractFailWithTheKnownNames() {
    DataContract costs = DataContract.load(Extract.COSTS);

    assertThatThrownBy(() -> costs.column("amount"))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("Column 'amount' is not in data contract costs.odcs.yaml")
        .hasMessageContaining("amount_gbp");
    assertThatThrownBy(() -> costs.rule("costs.row_count"))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("costs_row_count");
    assertThatThrownBy(() -> Extract.fromFolderName("admision"))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("'admision' is not an extract")
        .hasMessageContaining("admissions");
    assertThat(Extract.fromFolderName("patient_experience")).isEqualTo(Extract.PATIENT_EXPERIENCE);
    assertThat(costs.hasColumn("amount_gbp")).isTrue();
    assertThat(costs.rulesFor("price_year"))
        .extracting(QualityRule::id)
        .containsExactly(
            "costs_price_year_not_null", "costs_price_year_range", "costs_price_year_plausible");
  }

  @Test
  void loadReturnsTheSameImmutableInstance() {
    DataContract first = DataContract.load(Extract.COSTS);
    assertThat(DataContract.load(Extract.COSTS)).isSameAs(first);
    assertThatThrownBy(() -> first.columns().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> first.rules().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
