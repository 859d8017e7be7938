package org.pioneereval.contracts.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DirectIdentifiersTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9434765919",
        "943 476 5919",
        "943-476-5919",
        "4010232137",
        "401 023 2137",
        " 4010232137 "
      })
  void validNhsNumbersAreRecognised(String value) {
    assertThat(DirectIdentifiers.isValidNhsNumber(value)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "9434765918", // wrong check digit (9 expected)
        "4010232138", // wrong check digit (7 expected)
        "1234567890", // check digit computes to 10: no valid number has this prefix
        "1234567891",
        "943476591", // nine digits
        "94347659190", // eleven digits
        "94 34765919", // not grouped 3-3-4
        "943  476 5919", // double space
        "943/476/5919",
        "943476591X",
        "0123456789abcdef" // a pseudonymous patient key
      })
  void invalidNhsNumbersAreRejected(String value) {
    assertThat(DirectIdentifiers.isValidNhsNumber(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"NHS no 943 476 5919 seen", "id=4010232137;"})
  void nhsNumbersAreFoundInFreeText(String text) {
    assertThat(DirectIdentifiers.containsValidNhsNumber(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"94347659190", "spell 1234567890", "2013-11-04", "P01"})
  void freeTextWithoutAValidNhsNumberIsClean(String text) {
    assertThat(DirectIdentifiers.containsValidNhsNumber(text)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SW1A 1AA",
        "M1 1AE",
        "sw1a1aa",
        "EC1A 1BB",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "W1A 0AX",
        "GIR 0AA",
        " LS1 4AP "
      })
  void fullPostcodesAreRecognised(String value) {
    assertThat(DirectIdentifiers.isFullUkPostcode(value)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "SW1A",
        "M1",
        "SW1A 1",
        "SW1A 1A",
        "P01",
        "C07",
        "12345",
        "Q1A 1AA",
        "SW1A 1AAA",
        "2013-11"
      })
  void districtsSectorsAndOtherCodesAreNotFullPostcodes(String value) {
    assertThat(DirectIdentifiers.isFullUkPostcode(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10 Downing Street, London SW1A 2AA", "m1 1ae"})
  void postcodesAreFoundInFreeText(String text) {
    assertThat(DirectIdentifiers.containsFullUkPostcode(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pioneer site 01", "North East and Yorkshire", "SW1A district"})
  void siteNamesAndRegionsContainNoPostcode(String text) {
    assertThat(DirectIdentifiers.containsFullUkPostcode(text)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nhs_number",
        "NHSNumber",
        "NHS_NO",
        "nhsno",
        "NHS Number",
        "nhs",
        "patient_name",
        "PatientName",
        "forename",
        "Surname",
        "first_name",
        "last_name",
        "name",
        "postcode",
        "Post_Code",
        "patient_postcode",
        "dob",
        "DOB",
        "date_of_birth",
        "DateOfBirth",
        "birth_date",
        "patient_dob",
        "address",
        "address_line_1",
        "phone",
        "telephone_number",
        "mobile",
        "email",
        "email_address",
        "ni_number"
      })
  void identifyingColumnNamesAreFlagged(String name) {
    assertThat(DirectIdentifiers.columnNameSuggestsIdentifier(name)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "patient_key",
        "spell_key",
        "response_key",
        "site_code",
        "site_name",
        "site_type",
        "age_band",
        "sex",
        "year_of_birth",
        "postcode_district",
        "admission_date",
        "survey_date",
        "go_live_date",
        "extract_batch",
        "ltc_flag",
        "diagnosis_chapter",
        "knew_whom_to_contact",
        "region",
        "imd_decile",
        "imd_quintile",
        "enrolment_date"
      })
  void pseudonymousAndAggregateColumnNamesAreNotFlagged(String name) {
    assertThat(DirectIdentifiers.columnNameSuggestsIdentifier(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"dob", "DOB", "date_of_birth", "DateOfBirth", "birth-date", "patient_dob"})
  void fullDateOfBirthColumnNamesAreRecognised(String name) {
    assertThat(DirectIdentifiers.isFullDateOfBirthColumnName(name)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "year_of_birth",
        "birth_year",
        "age_band",
        "admission_date",
        "survey_date",
        "enrolment_date"
      })
  void coarseOrOtherDateColumnNamesAreNotDatesOfBirth(String name) {
    assertThat(DirectIdentifiers.isFullDateOfBirthColumnName(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1985-03-12", "1985-03-12T00:00:00", "1985-03-12 08:30:00", "19850312", "12/03/1985",
            "3/12/85",
        "12.03.1985", "12-03-1985", "12 Mar 1985", "12-MAR-1985", "12 March 1985", "02/29/2000"
      })
  void fullDatesAreRecognised(String value) {
    assertThat(DirectIdentifiers.looksLikeFullDate(value)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "1985",
        "1985-03",
        "03/1985",
        "Mar 1985",
        "2013-02-30",
        "31/02/1985",
        "P01",
        "0123456789",
        "20251399",
        "12345678",
        "85+",
        "2013-11"
      })
  void partialOrImpossibleDatesAreNotFullDates(String value) {
    assertThat(DirectIdentifiers.looksLikeFullDate(value)).isFalse();
  }
}
