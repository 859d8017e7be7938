package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.DataContract;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.privacy.DirectIdentifiers;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.ExtractRow;
import org.pioneereval.jobs.testing.LakeSnapshot;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.TestDrop;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * Parquet drops (issue 3: "a drop may be CSV, gzip CSV or Parquet, with its manifest"): the same
 * deliveries once as CSV and once as Parquet (typed columns, snappy; one admissions drop as gzip
 * CSV) are ingested into two lakes, and give the same silver rows, the same quarantined rows under
 * the same rule ids, the same data-quality results and the same ingest-log counts. The Parquet lake
 * also receives the Parquet cases of the bad-input catalogue: each refused with its reason and a
 * message naming the column, nothing of it stored.
 */
class ParquetDropTest {

  static final String NHS_NUMBER = "9434765919";
  static final String NHS_NUMBER_IN_EXTRA_COLUMN = "4857773457";
  static final String POSTCODE = "SW1A 1AA";
  static final YearMonth JANUARY = YearMonth.of(2014, 1);

  /** The drop ids of {@link #deliveries()} (the Parquet lake also holds the catalogue's). */
  static final String DELIVERIES = "^[a-z_]+/[A-Z0-9]+/(2014-01|2013-04|register)$";

  @TempDir static Path work;

  static Lakehouse csvLake;
  static Lakehouse parquetLake;
  static IngestResult csvResult;
  static IngestResult parquetResult;
  static LakeSnapshot parquetSnapshot;
  static final List<BadParquet> CATALOGUE = catalogue();

  /** A bad Parquet delivery and the refusal it must meet. */
  record BadParquet(
      String name,
      TestDrop drop,
      RefusalReason reason,
      List<String> mentions,
      List<String> traces) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The deliveries both lakes receive: every extract with row faults in admissions. */
  static List<TestDrop> deliveries() {
    List<ExtractRow> spells = new ArrayList<>(ValidRows.admissions("P01", JANUARY, 10));
    spells.set(3, spells.get(3).with(AdmissionsColumns.SEX, "X"));
    spells.set(5, spells.get(5).with(AdmissionsColumns.LENGTH_OF_STAY, "-1"));
    spells.set(7, spells.get(7).with(AdmissionsColumns.LTC_FLAG, null));
    List<ExtractRow> responses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      responses.add(ValidRows.response("P01", 2014, i, 2 + i, "1.25"));
    }
    List<ExtractRow> spellsOfP02 = new ArrayList<>(ValidRows.admissions("P02", JANUARY, 6));
    spellsOfP02.set(4, spellsOfP02.get(4).with(AdmissionsColumns.AGE_BAND, "90+"));
    return List.of(
        TestDrop.siteRegister(ValidRows.sites("P01", "P02", "C01")),
        TestDrop.of(Extract.ADMISSIONS, "P01", JANUARY.toString()).rows(spells),
        TestDrop.of(Extract.ADMISSIONS, "P02", JANUARY.toString()).rows(spellsOfP02),
        TestDrop.of(Extract.COSTS, "P01", JANUARY.toString())
            .rows(ValidRows.costsMonth("P01", JANUARY, "1234.5")),
        TestDrop.of(Extract.POPULATION, "P01", "2013-04")
            .rows(ValidRows.populationYear("P01", 2013, 52_000)),
        TestDrop.of(Extract.PATIENT_EXPERIENCE, "P01", "2014-01").rows(responses));
  }

  @BeforeAll
  static void ingestTheSameDeliveriesAsCsvAndAsParquet() {
    for (String nhs : List.of(NHS_NUMBER, NHS_NUMBER_IN_EXTRA_COLUMN)) {
      assertThat(DirectIdentifiers.isValidNhsNumber(nhs)).as("test data: %s", nhs).isTrue();
    }
    Path csvData = work.resolve("csv-data");
    Path parquetData = work.resolve("parquet-data");
    for (TestDrop drop : deliveries()) {
      drop.writeTo(csvData);
    }
    for (TestDrop drop : deliveries()) {
      // P02's admissions as gzip CSV: the third format, compared with the same plain CSV
      (drop.site().equals("P02") ? drop.asGzipCsv() : drop.asParquet()).writeTo(parquetData);
    }
    for (BadParquet bad : CATALOGUE) {
      bad.drop().writeTo(parquetData);
    }
    reordered().writeTo(parquetData);
    csvLake = Lakehouse.at(SparkTestSession.get(), work.resolve("csv-lake"));
    parquetLake = Lakehouse.at(SparkTestSession.get(), work.resolve("parquet-lake"));
    csvResult = IngestJob.create(csvLake, csvData, "run-csv").withProgress(quiet()).execute();
    parquetResult =
        IngestJob.create(parquetLake, parquetData, "run-parquet").withProgress(quiet()).execute();
    parquetSnapshot = LakeSnapshot.of(parquetLake);
  }

  @Test
  void parquetDropsGiveTheSameSilverRowsAsTheSameDataInCsv() {
    for (Extract extract : IngestJob.INGEST_ORDER) {
      if (extract == Extract.PATIENT_REGISTER) {
        continue;
      }
      List<String> fromCsv = silverRows(csvLake, extract);
      assertThat(fromCsv).as("%s rows in silver from CSV", extract).isNotEmpty();
      assertThat(silverRows(parquetLake, extract))
          .as("%s silver rows from Parquet", extract)
          .containsExactlyElementsOf(fromCsv);
      assertThat(parquetLake.read(IngestJob.silver(extract), "test").schema())
          .isEqualTo(csvLake.read(IngestJob.silver(extract), "test").schema());
    }
    // P01 (Parquet): 10 spells, 3 faulty; P02 (gzip CSV): 6 spells, 1 faulty
    assertThat(silverRows(parquetLake, Extract.ADMISSIONS)).hasSize(7 + 5);
    assertThat(parquetResult.outcomes())
        .filteredOn(o -> o.dropId().equals("admissions/P02/2014-01"))
        .singleElement()
        .satisfies(o -> assertThat(o.reason()).isNull());
  }

  @Test
  void parquetDropsQuarantineTheSameRowsUnderTheSameRules() {
    String id = "admissions/P01/" + JANUARY;
    LakeSnapshot csv = LakeSnapshot.of(csvLake);
    assertThat(parquetSnapshot.quarantinedRuleIds(id))
        .isEqualTo(csv.quarantinedRuleIds(id))
        .containsExactly(
            List.of("admissions_length_of_stay_matches_dates", "admissions_length_of_stay_range"),
            List.of("admissions_ltc_flag_not_null"),
            List.of("admissions_sex_valid_values"));
    assertThat(qualityResults(parquetLake)).isEqualTo(qualityResults(csvLake));
  }

  @Test
  void ingestLogCountsAreTheSameForBothFormats() {
    Function<IngestResult, List<String>> counts =
        r ->
            r.outcomes().stream()
                .filter(o -> o.reason() == null)
                .filter(o -> !o.dropId().equals("admissions/P01/2014-10"))
                .map(
                    o ->
                        o.dropId()
                            + " "
                            + o.rowsReceived()
                            + "="
                            + o.rowsAccepted()
                            + "+"
                            + o.rowsQuarantined())
                .sorted()
                .toList();
    assertThat(counts.apply(parquetResult))
        .isEqualTo(counts.apply(csvResult))
        .contains(
            "admissions/P01/2014-01 10=7+3",
            "admissions/P02/2014-01 6=5+1",
            "costs/P01/2014-01 6=6+0");
  }

  static Stream<BadParquet> catalogueCases() {
    return CATALOGUE.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogueCases")
  void badParquetDropIsRefusedWithItsReasonAndNothingOfItIsStored(BadParquet bad) {
    IngestResult.DropOutcome outcome =
        parquetResult.outcomes().stream()
            .filter(o -> o.dropId().equals(bad.drop().id()))
            .findFirst()
            .orElseThrow();
    assertThat(outcome.status()).isEqualTo(IngestColumns.STATUS_REFUSED);
    assertThat(outcome.reason()).isEqualTo(bad.reason());
    assertThat(outcome.message()).startsWith("Drop " + bad.drop().id() + " ");
    for (String mention : bad.mentions()) {
      assertThat(outcome.message()).contains(mention);
    }
    assertThat(parquetSnapshot.rowsOfDropAnywhere(bad.drop().id())).isZero();
    for (String trace : bad.traces()) {
      assertThat(outcome.message()).doesNotContain(trace);
      assertThat(parquetSnapshot.tablesContaining(trace)).as("tables holding %s", trace).isEmpty();
    }
  }

  /** Parquet columns are read by name: their order in the file does not matter. */
  @Test
  void parquetColumnsInAnotherOrderAreAccepted() {
    String id = "admissions/P01/2014-10";
    IngestResult.DropOutcome outcome =
        parquetResult.outcomes().stream()
            .filter(o -> o.dropId().equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(outcome.reason()).isNull();
    assertThat(outcome.rowsAccepted()).isEqualTo(4);
    assertThat(parquetSnapshot.rowsOfDrop(IngestJob.silver(Extract.ADMISSIONS), id)).isEqualTo(4);
  }

  private static List<BadParquet> catalogue() {
    List<BadParquet> cases = new ArrayList<>();
    List<String> columns = DataContract.load(Extract.ADMISSIONS).columnNames();

    YearMonth m = YearMonth.of(2014, 2);
    List<String> withNhsColumn = new ArrayList<>(columns);
    withNhsColumn.add("nhs_number");
    TestDrop drop = admissions(m).header(withNhsColumn);
    for (ExtractRow spell : ValidRows.admissions("P01", m, 4)) {
      drop.row(spell.with("nhs_number", NHS_NUMBER_IN_EXTRA_COLUMN));
    }
    cases.add(
        bad(
            "identifier column nhs_number",
            drop,
            RefusalReason.DIRECT_IDENTIFIER,
            List.of("privacy gate", "'nhs_number'", "Remove the column at source"),
            NHS_NUMBER_IN_EXTRA_COLUMN));

    m = YearMonth.of(2014, 3);
    cases.add(
        bad(
            "NHS number value in diagnosis_chapter",
            validWith(m, AdmissionsColumns.DIAGNOSIS_CHAPTER, NHS_NUMBER),
            RefusalReason.DIRECT_IDENTIFIER,
            List.of("privacy gate", "'diagnosis_chapter'", "1 value(s) that are valid NHS numbers"),
            NHS_NUMBER));

    m = YearMonth.of(2014, 4);
    cases.add(
        bad(
            "missing required column ltc_flag",
            admissions(m)
                .header(
                    columns.stream().filter(c -> !c.equals(AdmissionsColumns.LTC_FLAG)).toList())
                .rows(ValidRows.admissions("P01", m, 4)),
            RefusalReason.MISSING_COLUMN,
            List.of("[ltc_flag]", "urn:pioneer-eval:contract:admissions", "Add them"),
            null));

    m = YearMonth.of(2014, 5);
    cases.add(
        bad(
            "wrong checksum",
            admissions(m)
                .rows(ValidRows.admissions("P01", m, 4))
                .declaredSha256(TestDrop.sha256(new byte[] {1, 2, 3})),
            RefusalReason.CHECKSUM_MISMATCH,
            List.of("SHA-256", "differs from its manifest", "Re-deliver"),
            null));

    m = YearMonth.of(2014, 6);
    List<String> withWard = new ArrayList<>(columns);
    withWard.add("ward");
    drop = admissions(m).header(withWard);
    for (ExtractRow spell : ValidRows.admissions("P01", m, 4)) {
      drop.row(spell.with("ward", "W7"));
    }
    cases.add(
        bad(
            "extra column ward",
            drop,
            RefusalReason.UNEXPECTED_COLUMN,
            List.of("[ward]", "does not list", "Remove them"),
            null));

    m = YearMonth.of(2014, 7);
    cases.add(
        bad(
            "length_of_stay written as BOOLEAN",
            admissions(m)
                .rows(ValidRows.admissions("P01", m, 4))
                .parquetType(
                    AdmissionsColumns.LENGTH_OF_STAY, PrimitiveType.PrimitiveTypeName.BOOLEAN),
            RefusalReason.COLUMN_TYPE,
            List.of("'length_of_stay'", "BOOLEAN", "cannot hold the contract's integer", "INT32"),
            null));

    m = YearMonth.of(2014, 8);
    cases.add(
        bad(
            "truncated Parquet file (manifest written from the cut file)",
            admissions(m)
                .rows(ValidRows.admissions("P01", m, 4))
                .editBytes(b -> Arrays.copyOf(b, b.length - 40)),
            RefusalReason.TRUNCATED,
            List.of("not a readable Parquet file", "truncated", "Re-deliver the complete file"),
            null));

    m = YearMonth.of(2014, 9);
    cases.add(
        bad(
            "full postcode in diagnosis_chapter",
            validWith(m, AdmissionsColumns.DIAGNOSIS_CHAPTER, POSTCODE),
            RefusalReason.DIRECT_IDENTIFIER,
            List.of("'diagnosis_chapter'", "full UK postcodes"),
            POSTCODE));

    return List.copyOf(cases);
  }

  /**
   * Accepted: the contract's columns in reverse order (see
   * parquetColumnsInAnotherOrderAreAccepted).
   */
  private static TestDrop reordered() {
    List<String> reversed = new ArrayList<>(DataContract.load(Extract.ADMISSIONS).columnNames());
    Collections.reverse(reversed);
    YearMonth october = YearMonth.of(2014, 10);
    return admissions(october).header(reversed).rows(ValidRows.admissions("P01", october, 4));
  }

  private static TestDrop admissions(YearMonth month) {
    return TestDrop.of(Extract.ADMISSIONS, "P01", month.toString()).asParquet();
  }

  private static TestDrop validWith(YearMonth month, String column, String value) {
    List<ExtractRow> spells = new ArrayList<>(ValidRows.admissions("P01", month, 4));
    spells.set(2, spells.get(2).with(column, value));
    return admissions(month).rows(spells);
  }

  private static BadParquet bad(
      String name, TestDrop drop, RefusalReason reason, List<String> mentions, String trace) {
    List<String> traces = new ArrayList<>();
    if (trace != null) {
      traces.add(trace);
    }
    for (String line : drop.text().split("\n")) {
      for (String field : line.split(",")) {
        if (field.matches("[0-9a-f]{20}")) {
          traces.add(field);
        }
      }
    }
    return new BadParquet(name, drop, reason, mentions, List.copyOf(traces));
  }

  private static List<String> silverRows(Lakehouse lake, Extract extract) {
    return lake
        .read(IngestJob.silver(extract), "test")
        .filter(col(IngestColumns.DROP_ID).rlike(DELIVERIES))
        .drop(IngestColumns.DROP_FILE, IngestColumns.INGEST_RUN_ID)
        .orderBy(col(IngestColumns.DROP_ID), col(DataContract.load(extract).columnNames().get(0)))
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private static List<String> qualityResults(Lakehouse lake) {
    return lake
        .read(LakeTable.DATA_QUALITY_RESULTS, "test")
        .filter(col(IngestColumns.DROP_ID).rlike(DELIVERIES))
        .select(
            IngestColumns.DROP_ID,
            IngestColumns.RULE_ID,
            IngestColumns.ROWS_CHECKED,
            IngestColumns.ROWS_FAILED,
            IngestColumns.PASSED)
        .orderBy(IngestColumns.DROP_ID, IngestColumns.RULE_ID)
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
