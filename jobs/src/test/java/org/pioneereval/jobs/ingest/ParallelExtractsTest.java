package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.pioneereval.jobs.testing.IngestTexts.outcomes;
import static org.pioneereval.jobs.testing.IngestTexts.withoutRunIds;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.CostsColumns;
import org.pioneereval.contracts.Extract;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.ExtractRow;
import org.pioneereval.jobs.testing.IngestTexts;
import org.pioneereval.jobs.testing.LakeSnapshot;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.TestDrop;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * Extracts after the site register load in parallel; the lake they leave is the one loading them
 * one after another leaves. Admissions, costs and population drops for two sites, with a faulty row
 * in both admissions and costs, so that two extracts write the shared quarantine at the same time:
 * ingested one extract at a time, three at a time, and three at a time with a crash after the costs
 * are in silver followed by a re-run.
 */
class ParallelExtractsTest {

  static final YearMonth NOVEMBER = YearMonth.of(2013, 11);

  @TempDir static Path work;

  static Lakehouse sequential;
  static Lakehouse parallel;
  static Lakehouse crashed;
  static IngestResult sequentialResult;
  static IngestResult parallelResult;
  static IngestResult rerunResult;
  static RuntimeException crash;
  static final Set<LakeTable> written = ConcurrentHashMap.newKeySet();
  static Set<LakeTable> writtenWhenTheCrashArrived;
  static TestDrop faultyAdmissions;
  static TestDrop faultyCosts;

  @BeforeAll
  static void ingestTheSameDropsThreeWays() {
    Path data = work.resolve("data");
    TestDrop.siteRegister(ValidRows.sites("P01", "C01")).writeTo(data);
    for (String site : List.of("P01", "C01")) {
      TestDrop.of(Extract.POPULATION, site, "2013-04")
          .rows(ValidRows.populationYear(site, 2013, 250_000))
          .writeTo(data);
      for (int m = 0; m < 2; m++) {
        YearMonth month = NOVEMBER.plusMonths(m);
        List<ExtractRow> admissions = new ArrayList<>(ValidRows.admissions(site, month, 3));
        List<ExtractRow> costs = new ArrayList<>(ValidRows.costsMonth(site, month, "1000.00"));
        boolean faulty = site.equals("P01") && m == 1;
        if (faulty) {
          admissions.set(0, admissions.get(0).with(AdmissionsColumns.SEX, "X"));
          costs.set(2, costs.get(2).with(CostsColumns.SETTING, "dentistry"));
        }
        TestDrop a = TestDrop.of(Extract.ADMISSIONS, site, month.toString()).rows(admissions);
        TestDrop c = TestDrop.of(Extract.COSTS, site, month.toString()).rows(costs);
        a.writeTo(data);
        c.writeTo(data);
        if (faulty) {
          faultyAdmissions = a;
          faultyCosts = c;
        }
      }
    }
    sequential = Lakehouse.at(SparkTestSession.get(), work.resolve("sequential"));
    sequentialResult = ingest(sequential, data, "run-1", 1).execute();
    parallel = Lakehouse.at(SparkTestSession.get(), work.resolve("parallel"));
    parallelResult = ingest(parallel, data, "run-3", 3).execute();

    crashed = Lakehouse.at(SparkTestSession.get(), work.resolve("crashed"));
    try {
      ingest(crashed, data, "run-stopped", 3)
          .withAfterWrite(
              table -> {
                written.add(table);
                if (table == LakeTable.SILVER_COSTS) {
                  throw new IllegalStateException("simulated crash after silver costs");
                }
              })
          .execute();
    } catch (IllegalStateException e) {
      crash = e;
      writtenWhenTheCrashArrived = Set.copyOf(written);
    }
    rerunResult = ingest(crashed, data, "run-rerun", 3).execute();
  }

  private static IngestJob ingest(Lakehouse lake, Path data, String runId, int extracts) {
    return IngestJob.create(lake, data, runId)
        .withProgress(new PrintStream(OutputStream.nullOutputStream()))
        .withParallelExtracts(extracts);
  }

  @Test
  void bothWaysGiveTheSameOutcomesInIngestOrder() {
    assertThat(outcomes(parallelResult))
        .hasSize(1 + 2 + 4 + 4)
        .isEqualTo(outcomes(sequentialResult))
        .isEqualTo(outcomes(rerunResult));
    assertThat(parallelResult.outcomes().get(0).dropId()).isEqualTo("site_register/ALL/register");
    assertThat(parallelResult.rowsQuarantined()).isEqualTo(2);
    assertThat(parallelResult.rowsAccepted()).isEqualTo(2 + 2 * 12 + 4 * 3 + 4 * 6 - 2);
  }

  @Test
  void bothWaysLeaveTheSameRowsInBronzeSilverAndTheQuarantine() {
    LakeSnapshot one = LakeSnapshot.of(sequential);
    for (Lakehouse lake : List.of(parallel, crashed)) {
      LakeSnapshot other = LakeSnapshot.of(lake);
      assertThat(other.counts()).isEqualTo(one.counts());
      for (LakeTable table : LakeSnapshot.ROW_TABLES) {
        assertThat(withoutRunIds(other.json(table)))
            .as(table.tableName())
            .containsExactlyInAnyOrderElementsOf(withoutRunIds(one.json(table)));
      }
      assertThat(other.quarantinedRuleIds(faultyAdmissions.id()))
          .containsExactly(List.of("admissions_sex_valid_values"));
      assertThat(other.quarantinedRuleIds(faultyCosts.id()))
          .containsExactly(List.of("costs_setting_valid_values"));
    }
    assertThat(one.counts()).containsEntry(LakeTable.QUARANTINE, 2L);
  }

  @Test
  void bothWaysRecordTheSameQualityResultsAndLogInOneCommitEach() {
    for (Lakehouse lake : List.of(parallel, crashed)) {
      assertThat(qualityResults(lake))
          .hasSizeGreaterThan(11 * 3)
          .containsExactlyInAnyOrderElementsOf(qualityResults(sequential));
      assertThat(log(lake)).containsExactlyInAnyOrderElementsOf(log(sequential)).hasSize(11);
    }
    assertThat(qualityResults(parallel))
        .contains(faultyCosts.id() + " costs_setting_valid_values 6 1");
    assertThat(parallel.version(LakeTable.DATA_QUALITY_RESULTS)).isZero();
    assertThat(parallel.version(LakeTable.INGEST_LOG)).isZero();
  }

  @Test
  void aCrashInOneExtractWaitsForTheOthersAndLogsNothing() {
    assertThat(crash).hasMessage("simulated crash after silver costs");
    assertThat(writtenWhenTheCrashArrived)
        .as("admissions and population, loading beside costs, finished before the crash arrived")
        .contains(LakeTable.SILVER_ADMISSIONS, LakeTable.SILVER_POPULATION)
        .doesNotContain(LakeTable.DATA_QUALITY_RESULTS, LakeTable.INGEST_LOG);
    assertThat(outcomes(rerunResult))
        .as("the stopped run logged nothing, so the re-run ingests every drop again")
        .hasSize(11);
    assertThat(
            crashed
                .read(LakeTable.SILVER_COSTS, "test")
                .filter(col(IngestColumns.INGEST_RUN_ID).equalTo("run-stopped"))
                .count())
        .as("the stopped run's rows were removed before the re-run")
        .isZero();
  }

  private static List<String> qualityResults(Lakehouse lake) {
    return lake
        .read(LakeTable.DATA_QUALITY_RESULTS, "test")
        .select(
            IngestColumns.DROP_ID,
            IngestColumns.RULE_ID,
            IngestColumns.ROWS_CHECKED,
            IngestColumns.ROWS_FAILED)
        .collectAsList()
        .stream()
        .map(IngestTexts::text)
        .toList();
  }

  private static List<String> log(Lakehouse lake) {
    return lake
        .read(LakeTable.INGEST_LOG, "test")
        .select(
            IngestColumns.DROP_ID,
            IngestColumns.STATUS,
            IngestColumns.ROWS_RECEIVED,
            IngestColumns.ROWS_ACCEPTED,
            IngestColumns.ROWS_QUARANTINED)
        .collectAsList()
        .stream()
        .map(IngestTexts::text)
        .toList();
  }
}
