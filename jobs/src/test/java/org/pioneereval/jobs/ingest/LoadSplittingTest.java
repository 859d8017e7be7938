package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.pioneereval.jobs.testing.IngestTexts.outcomes;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.Extract;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.ExtractRow;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.TestDrop;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * An extract's drops larger in total than the in-memory limit are ingested in several loads (each
 * read on the driver); the lake they leave is the one a single load leaves. Six admissions drops,
 * ingested once as one load and once with a limit of two drops' bytes (three loads): the same
 * outcomes, silver, quarantine and data-quality results, including a spell delivered again in a
 * later batch whose first delivery is in an earlier load.
 */
class LoadSplittingTest {

  static final YearMonth NOVEMBER = YearMonth.of(2013, 11);
  static final String ACROSS_BATCHES = "admissions_spell_key_unique" + RowRules.ACROSS_BATCHES;

  @TempDir static Path work;

  static Lakehouse oneLoad;
  static Lakehouse threeLoads;
  static IngestResult oneLoadResult;
  static IngestResult threeLoadsResult;
  static TestDrop repeatsNovember;
  static TestDrop withFault;

  @BeforeAll
  static void ingestTheSameDropsBothWays() throws Exception {
    Path data = work.resolve("data");
    TestDrop.siteRegister(ValidRows.sites("P01", "C01")).writeTo(data);
    List<TestDrop> admissions = new ArrayList<>();
    admissions.add(
        TestDrop.of(Extract.ADMISSIONS, "C01", NOVEMBER.toString())
            .rows(ValidRows.admissions("C01", NOVEMBER, 4)));
    for (int m = 0; m < 5; m++) {
      YearMonth month = NOVEMBER.plusMonths(m);
      List<ExtractRow> rows = new ArrayList<>(ValidRows.admissions("P01", month, 4));
      if (m == 2) {
        rows.set(
            1,
            rows.get(1).with(AdmissionsColumns.SPELL_KEY, ValidRows.spellKey("P01", NOVEMBER, 0)));
      }
      if (m == 3) {
        rows.set(2, rows.get(2).with(AdmissionsColumns.SEX, "X"));
      }
      TestDrop drop = TestDrop.of(Extract.ADMISSIONS, "P01", month.toString()).rows(rows);
      admissions.add(drop);
      if (m == 2) {
        repeatsNovember = drop;
      } else if (m == 3) {
        withFault = drop;
      }
    }
    long largest = 0;
    for (TestDrop drop : admissions) {
      drop.writeTo(data);
      largest = Math.max(largest, drop.bytes().length);
    }
    oneLoad = Lakehouse.at(SparkTestSession.get(), work.resolve("one-load"));
    oneLoadResult = IngestJob.create(oneLoad, data, "run-one").withProgress(quiet()).execute();
    threeLoads = Lakehouse.at(SparkTestSession.get(), work.resolve("three-loads"));
    threeLoadsResult =
        IngestJob.create(threeLoads, data, "run-three")
            .withProgress(quiet())
            .withInMemoryLimit(2 * largest)
            .execute();
  }

  @Test
  void bothWaysGiveTheSameOutcomePerDrop() {
    assertThat(outcomes(threeLoadsResult))
        .hasSize(7)
        .containsExactlyInAnyOrderElementsOf(outcomes(oneLoadResult));
    assertThat(threeLoadsResult.rowsAccepted()).isEqualTo(2 + 4 + 20 - 2);
    assertThat(threeLoadsResult.rowsQuarantined()).isEqualTo(2);
    // one append per load: versions 0, 1, 2 against version 0
    assertThat(threeLoads.version(LakeTable.BRONZE_ADMISSIONS)).isEqualTo(2);
    assertThat(oneLoad.version(LakeTable.BRONZE_ADMISSIONS)).isZero();
  }

  @Test
  void aSpellFirstDeliveredInAnEarlierLoadIsQuarantinedInTheLaterBatch() {
    for (Lakehouse lake : List.of(oneLoad, threeLoads)) {
      List<Row> quarantined =
          lake.read(LakeTable.QUARANTINE, "test")
              .filter(col(IngestColumns.DROP_ID).equalTo(repeatsNovember.id()))
              .select(IngestColumns.RULE_IDS, IngestColumns.MESSAGES)
              .collectAsList();
      assertThat(quarantined).hasSize(1);
      assertThat(quarantined.get(0).<String>getList(0)).containsExactly(ACROSS_BATCHES);
      assertThat(quarantined.get(0).<String>getList(1).get(0))
          .contains("already delivered in batch 2013-11 of site P01");
    }
  }

  @Test
  void silverQuarantineAndQualityResultsAreTheSame() {
    for (LakeTable table : List.of(LakeTable.SILVER_ADMISSIONS, LakeTable.BRONZE_ADMISSIONS)) {
      var a = oneLoad.read(table, "test").drop(IngestColumns.INGEST_RUN_ID);
      var b = threeLoads.read(table, "test").drop(IngestColumns.INGEST_RUN_ID);
      assertThat(b.count()).as("%s rows", table).isEqualTo(a.count());
      assertThat(a.exceptAll(b).count()).as("%s rows of one load only", table).isZero();
    }
    assertThat(ruleIdsByDrop(threeLoads)).isEqualTo(ruleIdsByDrop(oneLoad)).hasSize(2);
    assertThat(qualityResults(threeLoads))
        .hasSizeGreaterThan(6 * 10)
        .containsExactlyInAnyOrderElementsOf(qualityResults(oneLoad));
    assertThat(qualityResults(threeLoads))
        .contains(withFault.id() + " admissions_sex_valid_values 4 1");
  }

  private static List<String> ruleIdsByDrop(Lakehouse lake) {
    return lake
        .read(LakeTable.QUARANTINE, "test")
        .orderBy(IngestColumns.DROP_ID)
        .collectAsList()
        .stream()
        .map(
            r -> r.<String>getAs(IngestColumns.DROP_ID) + " " + r.getList(r.fieldIndex("rule_ids")))
        .toList();
  }

  private static List<String> qualityResults(Lakehouse lake) {
    return lake
        .read(LakeTable.DATA_QUALITY_RESULTS, "test")
        .filter(col(IngestColumns.EXTRACT).equalTo("admissions"))
        .collectAsList()
        .stream()
        .map(
            r ->
                r.<String>getAs(IngestColumns.DROP_ID)
                    + " "
                    + r.<String>getAs(IngestColumns.RULE_ID)
                    + " "
                    + r.<Long>getAs(IngestColumns.ROWS_CHECKED)
                    + " "
                    + r.<Long>getAs(IngestColumns.ROWS_FAILED))
        .toList();
  }

  private static java.io.PrintStream quiet() {
    return new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
  }
}
