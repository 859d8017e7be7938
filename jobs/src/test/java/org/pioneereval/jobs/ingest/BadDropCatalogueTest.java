package org.pioneereval.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.DataContract;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.PatientExperienceColumns;
import org.pioneereval.contracts.PatientRegisterColumns;
import org.pioneereval.contracts.privacy.DirectIdentifiers;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.ExtractRow;
import org.pioneereval.jobs.testing.LakeSnapshot;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.TestDrop;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * The catalogue of bad inputs (GitHub issue 3): each drop below is a way a real delivery goes
 * wrong, with its expected outcome, either refused with a {@link RefusalReason} and a message that
 * says what is wrong, where and how to fix it, or accepted with the faulty rows quarantined under
 * the named rule ids. For every case: nothing is lost (rows received = silver + quarantine, or the
 * whole file is a logged refusal), nothing of a refused file is stored, and no message quotes the
 * offending value.
 *
 * <p>The same drops state the data-quality results (issue item 3): per accepted drop and row rule,
 * {@code rows_checked} is the drop's row count and {@code rows_failed} the number of rows injected
 * with that fault; a failed warning (a batch rule) is recorded without quarantining anything.
 *
 * <p>All drops are delivered together and ingested in one run (as a real batch of deliveries would
 * be), so the catalogue costs one ingest; each case is then one parameterised test.
 */
class BadDropCatalogueTest {

  /** A valid NHS number (Modulus 11 check digit) of the kind a careless extract carries. */
  static final String NHS_NUMBER = "9434765919";

  /** Another valid NHS number, quoted in the CSV. */
  static final String QUOTED_NHS_NUMBER = "4010232137";

  /** Another valid NHS number, in a column the contract does not list. */
  static final String NHS_NUMBER_IN_EXTRA_COLUMN = "4857773457";

  static final String POSTCODE = "SW1A 1AA";
  static final String DATE_OF_BIRTH = "1947-03-12";

  static final String HEADER_ONLY =
      "header only: accepted with 0 rows (admissions' rowCount rule is a warning)";
  static final String SPELL_IN_LATER_BATCH =
      "spell delivered again in a later batch of the same site (only the later row quarantined)";

  /** The batch of the "discharge before admission" drop, whose spell 1 a later batch repeats. */
  static YearMonth dischargeBeforeAdmissionMonth;

  static final String UNANSWERED =
      "Likert item skipped by 3 of 4 respondents: a completeness warning, not a quarantine";

  /** The site register of the catalogue: wave-1 pioneers P01, P02 and comparison sites C01, C02. */
  static final Map<String, LocalDate> REGISTERED_SITES = new TreeMap<>();

  static {
    for (String site : List.of("P01", "P02", "C01", "C02")) {
      REGISTERED_SITES.put(site, site.startsWith("P") ? ValidRows.WAVE1_GO_LIVE : null);
    }
  }

  @TempDir static Path work;

  static final List<Case> CASES = catalogue();
  static IngestResult result;
  static LakeSnapshot lake;
  static Map<String, List<Row>> qualityResults;

  /** What a case expects: a refusal, or acceptance with these rule-id sets quarantined. */
  sealed interface Expected permits Refused, Accepted {}

  /** Refused with {@code reason}; the message mentions each of {@code mentions}. */
  record Refused(RefusalReason reason, List<String> mentions) implements Expected {}

  /**
   * Accepted; {@code quarantined} holds the sorted rule ids of each quarantined row (sorted), and
   * {@code offendingValue} is a value that must not appear in any message.
   */
  record Accepted(List<List<String>> quarantined, String offendingValue) implements Expected {}

  /**
   * One bad delivery. {@code traces} are values that occur only in this drop's file (its spell
   * keys, identifiers): a refused drop must leave none of them anywhere in the lake.
   */
  record Case(String name, TestDrop drop, Expected expected, List<String> traces) {
    @Override
    public String toString() {
      return name;
    }

    boolean refused() {
      return expected instanceof Refused;
    }

    /** The same case, with one more value that must be stored nowhere. */
    Case alsoTracing(String value) {
      List<String> more = new ArrayList<>(traces);
      more.add(value);
      return new Case(name, drop, expected, List.copyOf(more));
    }
  }

  @BeforeAll
  static void deliverAndIngestTheCatalogue() {
    for (String nhs : List.of(NHS_NUMBER, QUOTED_NHS_NUMBER, NHS_NUMBER_IN_EXTRA_COLUMN)) {
      assertThat(DirectIdentifiers.isValidNhsNumber(nhs)).as("test data: %s", nhs).isTrue();
    }
    Path data = work.resolve("data");
    TestDrop.siteRegister(ValidRows.sites(REGISTERED_SITES.keySet().toArray(String[]::new)))
        .writeTo(data);
    for (Case c : CASES) {
      c.drop().writeTo(data);
    }
    Lakehouse lakehouse = Lakehouse.at(SparkTestSession.get(), work.resolve("lake"));
    result = IngestJob.create(lakehouse, data, "run-catalogue").withProgress(quiet()).execute();
    lake = LakeSnapshot.of(lakehouse);
    qualityResults = new HashMap<>();
    for (Row row :
        lakehouse
            .read(LakeTable.DATA_QUALITY_RESULTS, "ingest")
            .select(
                IngestColumns.DROP_ID,
                IngestColumns.RULE_ID,
                IngestColumns.ROWS_CHECKED,
                IngestColumns.ROWS_FAILED)
            .collectAsList()) {
      qualityResults.computeIfAbsent(row.getString(0), k -> new ArrayList<>()).add(row);
    }
  }

  static Stream<Case> allCases() {
    return CASES.stream();
  }

  static Stream<Case> refusedCases() {
    return CASES.stream().filter(Case::refused);
  }

  static Stream<Case> acceptedCases() {
    return CASES.stream().filter(c -> !c.refused());
  }

  @Test
  void everyDropOfTheCatalogueHasOneOutcomeAndNoneWasSkipped() {
    assertThat(result.dropsSkipped()).isZero();
    assertThat(result.outcomes())
        .extracting(IngestResult.DropOutcome::dropId)
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(
                    Stream.of("site_register/ALL/register"), CASES.stream().map(c -> c.drop().id()))
                .toList());
    assertThat(result.dropsRefused()).isEqualTo(refusedCases().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCases")
  void refusedDropIsLoggedWithItsReasonAndAnActionableMessage(Case c) {
    Refused expected = (Refused) c.expected();
    IngestResult.DropOutcome outcome = outcome(c);
    assertThat(outcome.status()).isEqualTo(IngestColumns.STATUS_REFUSED);
    assertThat(outcome.reason()).isEqualTo(expected.reason());
    assertThat(outcome.rowsAccepted()).isZero();
    assertThat(outcome.rowsQuarantined()).isZero();
    // what and how to fix (the case's mentions), where (the drop id names extract/site/batch)
    assertThat(outcome.message()).startsWith("Drop " + c.drop().id() + " ");
    for (String mention : expected.mentions()) {
      assertThat(outcome.message()).containsIgnoringCase(mention);
    }
    for (String trace : c.traces()) {
      assertThat(outcome.message()).doesNotContain(trace);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCases")
  void nothingOfARefusedDropIsStored(Case c) {
    assertThat(lake.rowsOfDropAnywhere(c.drop().id()))
        .as("rows of %s in bronze, silver and quarantine", c.drop().id())
        .isZero();
    for (String trace : c.traces()) {
      assertThat(lake.tablesContaining(trace)).as("tables holding '%s'", trace).isEmpty();
    }
    assertThat(qualityResults.get(c.drop().id())).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void ingestLogRecordsTheDropOnceWithItsOutcome(Case c) {
    IngestResult.DropOutcome outcome = outcome(c);
    String log =
        lake.json(LakeTable.INGEST_LOG).stream()
            .filter(json -> json.contains("\"drop_id\":\"" + c.drop().id() + "\""))
            .reduce((a, b) -> a + "\n" + b)
            .orElseThrow();
    assertThat(log.lines()).hasSize(1);
    assertThat(log)
        .contains("\"status\":\"" + outcome.status() + "\"")
        .contains("\"rows_received\":" + outcome.rowsReceived())
        .contains("\"rows_accepted\":" + outcome.rowsAccepted())
        .contains("\"rows_quarantined\":" + outcome.rowsQuarantined());
    if (outcome.reason() != null) {
      assertThat(log).contains("\"reason\":\"" + outcome.reason().name() + "\"");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedCases")
  void acceptedDropReconcilesAndQuarantinesEachFaultyRowUnderItsRules(Case c) {
    Accepted expected = (Accepted) c.expected();
    String id = c.drop().id();
    IngestResult.DropOutcome outcome = outcome(c);
    long received = c.drop().rowCount();
    long quarantined = expected.quarantined().size();

    assertThat(outcome.status()).isEqualTo(IngestColumns.STATUS_ACCEPTED);
    assertThat(outcome.reason()).isNull();
    assertThat(outcome.rowsReceived()).isEqualTo(received);
    assertThat(outcome.rowsQuarantined()).isEqualTo(quarantined);
    assertThat(outcome.rowsAccepted()).isEqualTo(received - quarantined);
    // nothing lost: every row received is in silver or in the quarantine, and bronze has them all
    assertThat(
            lake.rowsOfDrop(IngestJob.silver(c.drop().extract()), id)
                + lake.rowsOfDrop(LakeTable.QUARANTINE, id))
        .isEqualTo(received);
    assertThat(lake.rowsOfDrop(IngestJob.bronze(c.drop().extract()), id)).isEqualTo(received);
    assertThat(lake.quarantinedRuleIds(id)).isEqualTo(expected.quarantined());
    for (String message : lake.quarantineMessages(id)) {
      assertThat(message).isNotBlank().doesNotContain(expected.offendingValue());
    }
  }

  /** Issue item 3: per drop and rule, rows checked = rows of the drop, rows failed = the faults. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedCases")
  void dataQualityResultsCountTheInjectedFaultsPerRule(Case c) {
    Accepted expected = (Accepted) c.expected();
    Map<String, Long> expectedFailed = new HashMap<>();
    for (List<String> ids : expected.quarantined()) {
      ids.forEach(id -> expectedFailed.merge(id, 1L, Long::sum));
    }
    List<Row> results = qualityResults.getOrDefault(c.drop().id(), List.of());
    List<String> rowRules =
        RowRules.againstSiteRegister(DataContract.load(c.drop().extract()), REGISTERED_SITES)
            .checks()
            .stream()
            .map(RowRules.RowCheck::ruleId)
            .toList();
    assertThat(results).extracting(r -> r.getString(1)).containsAll(rowRules);
    for (Row r : results) {
      if (!rowRules.contains(r.getString(1))) {
        continue; // a batch rule: see failedWarningIsRecordedInTheQualityResultsAndTheDropGoesOn
      }
      assertThat(r.getLong(2))
          .as("rows_checked of %s", r.getString(1))
          .isEqualTo(c.drop().rowCount());
      assertThat(r.getLong(3))
          .as("rows_failed of %s", r.getString(1))
          .isEqualTo(expectedFailed.getOrDefault(r.getString(1), 0L));
    }
  }

  /**
   * data-contracts/README.md: "a failed warning is recorded in the quality results and the drop
   * goes on". The Likert completeness rule (missingValues, unit percent, mustBeLessThan 50,
   * warning) fails for a drop where 3 of 4 respondents skipped the item; an empty admissions drop
   * fails the rowCount warning (mustBeGreaterThan 0).
   */
  @Test
  void failedWarningIsRecordedInTheQualityResultsAndTheDropGoesOn() {
    Case unanswered = caseNamed(UNANSWERED);
    assertThat(outcome(unanswered).status()).isEqualTo(IngestColumns.STATUS_ACCEPTED);
    assertThat(outcome(unanswered).rowsAccepted()).isEqualTo(4);
    assertThat(qualityResults.getOrDefault(unanswered.drop().id(), List.of()))
        .filteredOn(r -> r.getString(1).equals("patient_experience_overall_satisfaction_answered"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getLong(2)).as("rows_checked").isEqualTo(4);
              assertThat(r.getLong(3)).as("rows_failed").isEqualTo(3);
            });
    Case empty = caseNamed(HEADER_ONLY);
    assertThat(qualityResults.getOrDefault(empty.drop().id(), List.of()))
        .extracting(r -> r.getString(1))
        .contains("admissions_row_count");
  }

  /** The quarantine message of a cross-batch duplicate names the batch that holds the key. */
  @Test
  void spellDeliveredAgainInALaterBatchIsQuarantinedNamingTheEarlierBatch() {
    Case later = caseNamed(SPELL_IN_LATER_BATCH);
    assertThat(lake.quarantineMessages(later.drop().id()))
        .singleElement()
        .asString()
        .contains(
            "spell_key was already delivered in batch "
                + dischargeBeforeAdmissionMonth
                + " of site P01");
  }

  private static Case caseNamed(String name) {
    return CASES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static IngestResult.DropOutcome outcome(Case c) {
    return result.outcomes().stream()
        .filter(o -> o.dropId().equals(c.drop().id()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome for " + c.drop().id()));
  }

  // ---------------------------------------------------------------------------------------------
  // The catalogue. Every admissions drop is for its own month of P01 unless the case needs
  // another site, so drop ids never collide.

  private static List<Case> catalogue() {
    List<Case> cases = new ArrayList<>();
    YearMonth[] month = {YearMonth.of(2012, 3)};
    Supplier<YearMonth> next = () -> month[0] = month[0].plusMonths(1);

    // --- file-level problems: refused --------------------------------------------------------
    YearMonth m = next.get();
    cases.add(
        refused(
            "truncated at source: last line cut short",
            valid(m, 4).editBytes(b -> Arrays.copyOf(b, b.length - 30)),
            RefusalReason.TRUNCATED,
            "line 5",
            "truncated",
            "Re-deliver the complete file"));

    m = next.get();
    TestDrop cutInTransfer = valid(m, 4);
    String intactSha = TestDrop.sha256(cutInTransfer.bytes());
    cases.add(
        refused(
            "truncated in transfer: file shorter than its manifest's checksum",
            cutInTransfer
                .editBytes(b -> Arrays.copyOf(b, b.length - 30))
                .declaredSha256(intactSha)
                .declaredRowCount(4),
            RefusalReason.CHECKSUM_MISMATCH,
            "SHA-256",
            "differs from its manifest",
            "Re-deliver"));

    m = next.get();
    TestDrop edited = valid(m, 4);
    String originalSha = TestDrop.sha256(edited.bytes());
    cases.add(
        refused(
            "checksum mismatch: file edited after its manifest was written",
            edited.editBytes(b -> replace(b, ",IX,", ",XI,")).declaredSha256(originalSha),
            RefusalReason.CHECKSUM_MISMATCH,
            "SHA-256",
            "Re-deliver"));

    m = next.get();
    cases.add(
        refused(
            "wrong delimiter: semicolons",
            valid(m, 4).editBytes(b -> replace(b, ",", ";")),
            RefusalReason.WRONG_DELIMITER,
            "';'",
            "comma-separated",
            "Re-export"));

    m = next.get();
    cases.add(
        refused(
            "byte-order mark",
            valid(m, 4)
                .editBytes(b -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b)),
            RefusalReason.BYTE_ORDER_MARK,
            "byte-order mark",
            "without BOM",
            "re-deliver"));

    m = next.get();
    cases.add(
        refused(
            "not UTF-8: a Latin-1 byte on line 3",
            validWith(m, 4, 1, AdmissionsColumns.DIAGNOSIS_CHAPTER, "caf\u00e9")
                .editBytes(
                    b ->
                        new String(b, StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.ISO_8859_1)),
            RefusalReason.NOT_UTF8,
            "not valid UTF-8",
            "line 3",
            "Export it as UTF-8"));

    m = next.get();
    cases.add(
        refused(
            "empty file: 0 bytes",
            valid(m, 0).editBytes(b -> new byte[0]),
            RefusalReason.EMPTY_FILE,
            "empty data file",
            "header",
            "Re-deliver"));

    m = next.get();
    cases.add(
        refused(
            "row count differs from the manifest",
            valid(m, 4).declaredRowCount(5),
            RefusalReason.ROW_COUNT_MISMATCH,
            "4 data rows",
            "declares 5",
            "Re-deliver"));

    cases.add(
        refused(
            "header only, but the costs contract requires 6 rows (error rowCount rule)",
            TestDrop.of(Extract.COSTS, "C01", "2013-11"),
            RefusalReason.ROW_COUNT_RULE,
            "0 data rows",
            "costs_row_count",
            "Re-deliver"));

    m = next.get();
    List<String> withoutLtc =
        DataContract.load(Extract.ADMISSIONS).columnNames().stream()
            .filter(c -> !c.equals(AdmissionsColumns.LTC_FLAG))
            .toList();
    cases.add(
        refused(
            "missing required column ltc_flag",
            TestDrop.of(Extract.ADMISSIONS, "P01", m.toString())
                .header(withoutLtc)
                .rows(ValidRows.admissions("P01", m, 4)),
            RefusalReason.MISSING_COLUMN,
            "[ltc_flag]",
            "urn:pioneer-eval:contract:admissions",
            "Add them"));

    m = next.get();
    cases.add(
        refused(
            "extra column ward",
            withExtraColumn(m, "ward", "W7"),
            RefusalReason.UNEXPECTED_COLUMN,
            "[ward]",
            "does not list",
            "Remove them"));

    m = next.get();
    List<String> swapped = new ArrayList<>(DataContract.load(Extract.ADMISSIONS).columnNames());
    Collections.swap(
        swapped,
        swapped.indexOf(AdmissionsColumns.SEX),
        swapped.indexOf(AdmissionsColumns.AGE_BAND));
    cases.add(
        refused(
            "columns in another order",
            TestDrop.of(Extract.ADMISSIONS, "P01", m.toString())
                .header(swapped)
                .rows(ValidRows.admissions("P01", m, 4)),
            RefusalReason.HEADER_ORDER,
            "different order",
            "Write them in the order"));

    m = next.get();
    cases.add(
        refused(
            "missing manifest",
            valid(m, 4).withoutManifest(),
            RefusalReason.MANIFEST_MISSING,
            "manifest.json",
            "re-deliver the drop with its manifest"));

    // --- the privacy gate: refused, nothing stored, the identifier never repeated ----------
    m = next.get();
    cases.add(
        refused(
                "NHS number in diagnosis_chapter",
                validWith(m, 4, 2, AdmissionsColumns.DIAGNOSIS_CHAPTER, NHS_NUMBER),
                RefusalReason.DIRECT_IDENTIFIER,
                "privacy gate",
                "'diagnosis_chapter'",
                "valid NHS numbers",
                "Nothing from this file was stored",
                "Remove the identifiers at source")
            .alsoTracing(NHS_NUMBER));

    m = next.get();
    cases.add(
        refused(
                "NHS number in diagnosis_chapter, quoted",
                validWith(
                    m, 4, 2, AdmissionsColumns.DIAGNOSIS_CHAPTER, "\"" + QUOTED_NHS_NUMBER + "\""),
                RefusalReason.DIRECT_IDENTIFIER,
                "privacy gate",
                "'diagnosis_chapter'",
                "valid NHS numbers")
            .alsoTracing(QUOTED_NHS_NUMBER));

    m = next.get();
    cases.add(
        refused(
                "extra column nhs_number",
                withExtraColumn(m, "nhs_number", NHS_NUMBER_IN_EXTRA_COLUMN),
                RefusalReason.DIRECT_IDENTIFIER,
                "privacy gate",
                "'nhs_number'",
                "direct identifier",
                "Remove the column at source")
            .alsoTracing(NHS_NUMBER_IN_EXTRA_COLUMN));

    m = next.get();
    cases.add(
        refused(
                "full postcode in diagnosis_chapter",
                validWith(m, 4, 3, AdmissionsColumns.DIAGNOSIS_CHAPTER, POSTCODE),
                RefusalReason.DIRECT_IDENTIFIER,
                "privacy gate",
                "'diagnosis_chapter'",
                "full UK postcodes",
                "postcode district")
            .alsoTracing(POSTCODE));

    m = next.get();
    cases.add(
        refused(
                "date-of-birth column",
                withExtraColumn(m, "date_of_birth", DATE_OF_BIRTH),
                RefusalReason.DIRECT_IDENTIFIER,
                "privacy gate",
                "'date_of_birth'",
                "Remove the column at source")
            .alsoTracing(DATE_OF_BIRTH));

    // --- row-level problems: accepted, faulty rows quarantined -------------------------------
    m = next.get();
    cases.add(new Case(HEADER_ONLY, valid(m, 0), new Accepted(List.of(), "\u0000"), List.of()));

    YearMonth june = YearMonth.of(2015, 6);
    cases.add(
        accepted(
            "bad dates: impossible and day-first admission dates",
            valid(june, 4)
                .row(
                    ValidRows.admission("P01", june.atDay(3), 2, "emergency", 10)
                        .with(AdmissionsColumns.ADMISSION_DATE, "2015-06-31"))
                .row(
                    ValidRows.admission("P01", june.atDay(3), 2, "emergency", 11)
                        .with(AdmissionsColumns.ADMISSION_DATE, "03/06/2015")),
            "2015-06-31",
            List.of("admissions_admission_date_type"),
            List.of("admissions_admission_date_type")));

    m = next.get();
    dischargeBeforeAdmissionMonth = m;
    LocalDate admitted = m.atDay(10);
    cases.add(
        accepted(
            "discharge before admission",
            valid(m, 4)
                .row(
                    ValidRows.admission("P01", admitted, 2, "emergency", 10)
                        .with(AdmissionsColumns.DISCHARGE_DATE, admitted.minusDays(2).toString())
                        .with(AdmissionsColumns.LENGTH_OF_STAY, "-2")),
            admitted.minusDays(2).toString(),
            List.of("admissions_discharge_after_admission", "admissions_length_of_stay_range")));

    m = next.get();
    cases.add(
        accepted(
            "negative length of stay",
            valid(m, 4)
                .row(
                    ValidRows.admission("P01", m.atDay(10), 0, "emergency", 10)
                        .with(AdmissionsColumns.LENGTH_OF_STAY, "-1")),
            "-1",
            List.of("admissions_length_of_stay_matches_dates", "admissions_length_of_stay_range")));

    m = next.get();
    cases.add(
        accepted(
            "unknown site: C09 is not in the site register",
            TestDrop.of(Extract.ADMISSIONS, "C09", m.toString())
                .rows(ValidRows.admissions("C09", m, 3)),
            "C09",
            List.of("admissions_site_code_known_site"),
            List.of("admissions_site_code_known_site"),
            List.of("admissions_site_code_known_site")));

    m = next.get();
    String firstSpell = ValidRows.spellKey("P01", m, 0);
    cases.add(
        accepted(
            "duplicate spells: two rows share a spell_key (both quarantined)",
            valid(m, 4)
                .row(
                    ValidRows.admission("P01", m.atDay(20), 1, "elective", 10)
                        .with(AdmissionsColumns.SPELL_KEY, firstSpell)),
            firstSpell,
            List.of("admissions_spell_key_unique"),
            List.of("admissions_spell_key_unique")));

    m = next.get();
    String deliveredBefore = ValidRows.spellKey("P01", dischargeBeforeAdmissionMonth, 1);
    cases.add(
        accepted(
            SPELL_IN_LATER_BATCH,
            valid(m, 4)
                .row(
                    ValidRows.admission("P01", m.atDay(20), 1, "elective", 10)
                        .with(AdmissionsColumns.SPELL_KEY, deliveredBefore)),
            deliveredBefore,
            List.of("admissions_spell_key_unique" + RowRules.ACROSS_BATCHES)));

    m = next.get();
    cases.add(
        accepted(
            "value outside the contract's list: sex X",
            validWith(m, 4, 1, AdmissionsColumns.SEX, "X"),
            ",X,",
            List.of("admissions_sex_valid_values")));

    m = next.get();
    cases.add(
        accepted(
            "required value missing: ltc_flag empty",
            validWith(m, 4, 1, AdmissionsColumns.LTC_FLAG, null),
            "\u0000",
            List.of("admissions_ltc_flag_not_null")));

    m = next.get();
    List<ExtractRow> spells = new ArrayList<>(ValidRows.admissions("P01", m, 10));
    spells.set(6, spells.get(6).with(AdmissionsColumns.SEX, "X"));
    spells.set(7, spells.get(7).with(AdmissionsColumns.SEX, "X"));
    spells.set(8, spells.get(8).with(AdmissionsColumns.AGE_BAND, "90+"));
    spells.set(
        9,
        spells
            .get(9)
            .with(AdmissionsColumns.SEX, "X")
            .with(AdmissionsColumns.DIAGNOSIS_CHAPTER, "XXX"));
    cases.add(
        accepted(
            "several faults in one drop: 3 bad sex, 1 bad age band, 1 bad chapter over 4 rows",
            TestDrop.of(Extract.ADMISSIONS, "P01", m.toString()).rows(spells),
            "90+",
            List.of("admissions_sex_valid_values"),
            List.of("admissions_sex_valid_values"),
            List.of("admissions_age_band_valid_values"),
            List.of("admissions_sex_valid_values", "admissions_diagnosis_chapter_valid_values")));

    // --- patient register: one drop per site, batch "register" --------------------------------
    List<ExtractRow> patients = new ArrayList<>(ValidRows.patients("P01", 4));
    String firstPatient = ValidRows.patientKey("P01", 0);
    patients.add(
        ValidRows.patient("P01", 9, ValidRows.WAVE1_GO_LIVE.plusDays(3))
            .with(PatientRegisterColumns.PATIENT_KEY, firstPatient));
    cases.add(
        accepted(
            "duplicate patient: two rows of a site's register share a patient_key (both"
                + " quarantined)",
            TestDrop.of(Extract.PATIENT_REGISTER, "P01", "register").rows(patients),
            firstPatient,
            List.of("patient_register_patient_key_unique"),
            List.of("patient_register_patient_key_unique")));

    LocalDate beforeGoLive = ValidRows.WAVE1_GO_LIVE.minusMonths(2).plusDays(9);
    patients = new ArrayList<>(ValidRows.patients("P02", 3));
    patients.add(ValidRows.patient("P02", 3, ValidRows.WAVE1_GO_LIVE.plusDays(9)));
    patients.add(ValidRows.patient("P02", 4, beforeGoLive));
    cases.add(
        accepted(
            "enrolment before the site's go-live month (checked against the site register)",
            TestDrop.of(Extract.PATIENT_REGISTER, "P02", "register").rows(patients),
            beforeGoLive.toString(),
            List.of(RowRules.ENROLMENT_BEFORE_GO_LIVE)));

    patients = new ArrayList<>(ValidRows.patients("C01", 3));
    patients.add(ValidRows.patient("C01", 3, ValidRows.WAVE1_GO_LIVE.plusDays(9)));
    cases.add(
        accepted(
            "enrolment at a comparison site",
            TestDrop.of(Extract.PATIENT_REGISTER, "C01", "register").rows(patients),
            ValidRows.WAVE1_GO_LIVE.plusDays(9).toString(),
            List.of("patient_register_enrolment_only_at_pioneers")));

    List<ExtractRow> responses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ExtractRow response = ValidRows.response("P01", 2014, i, 4, "1.5");
      responses.add(
          i == 0 ? response : response.with(PatientExperienceColumns.OVERALL_SATISFACTION, null));
    }
    cases.add(
        new Case(
            UNANSWERED,
            TestDrop.of(Extract.PATIENT_EXPERIENCE, "P01", "2014-01").rows(responses),
            new Accepted(List.of(), "\u0000"),
            List.of()));
    return cases;
  }

  private static TestDrop valid(YearMonth month, int rows) {
    return TestDrop.of(Extract.ADMISSIONS, "P01", month.toString())
        .rows(ValidRows.admissions("P01", month, rows));
  }

  /** {@code rows} valid spells of P01, the one at {@code index} with one field changed. */
  private static TestDrop validWith(
      YearMonth month, int rows, int index, String column, String value) {
    List<ExtractRow> spells = new ArrayList<>(ValidRows.admissions("P01", month, rows));
    spells.set(index, spells.get(index).with(column, value));
    return TestDrop.of(Extract.ADMISSIONS, "P01", month.toString()).rows(spells);
  }

  private static TestDrop withExtraColumn(YearMonth month, String column, String value) {
    List<String> header = new ArrayList<>(DataContract.load(Extract.ADMISSIONS).columnNames());
    header.add(column);
    TestDrop drop = TestDrop.of(Extract.ADMISSIONS, "P01", month.toString()).header(header);
    for (ExtractRow spell : ValidRows.admissions("P01", month, 4)) {
      drop.row(spell.with(column, value));
    }
    return drop;
  }

  private static Case refused(
      String name, TestDrop drop, RefusalReason reason, String... mentions) {
    return new Case(name, drop, new Refused(reason, List.of(mentions)), spellKeysOf(drop));
  }

  @SafeVarargs
  private static Case accepted(
      String name, TestDrop drop, String offendingValue, List<String>... quarantinedRuleIds) {
    List<List<String>> quarantined = new ArrayList<>();
    for (List<String> ids : quarantinedRuleIds) {
      quarantined.add(ids.stream().sorted().toList());
    }
    quarantined.sort(Comparator.comparing(List::toString));
    return new Case(name, drop, new Accepted(quarantined, offendingValue), List.of());
  }

  /** The spell keys written in a drop: values no other drop holds. */
  private static List<String> spellKeysOf(TestDrop drop) {
    List<String> keys = new ArrayList<>();
    for (String line : drop.text().split("\n")) {
      for (String field : line.split("[,;]")) {
        if (field.matches("[0-9a-f]{20}")) {
          keys.add(field);
        }
      }
    }
    return keys;
  }

  private static byte[] replace(byte[] content, String from, String to) {
    return new String(content, StandardCharsets.UTF_8)
        .replace(from, to)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
