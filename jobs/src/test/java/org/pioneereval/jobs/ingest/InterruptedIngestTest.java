package org.pioneereval.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pioneereval.jobs.testing.IngestTexts.withoutRunIds;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.Extract;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.lake.StageLock;
import org.pioneereval.jobs.runtime.PioneerEvalException;
import org.pioneereval.jobs.testing.ExtractRow;
import org.pioneereval.jobs.testing.LakeSnapshot;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.TestDrop;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * An ingest run that stops half-way (here: made to fail right after it wrote silver admissions,
 * before the quarantine, data-quality results and ingest log of that extract) leaves its lock; the
 * next run finds it stale, removes every row the stopped run wrote and ingests its drops again. The
 * lake then holds exactly what one uninterrupted run gives. A second run while one is going is
 * refused.
 */
class InterruptedIngestTest {

  static final YearMonth NOVEMBER = YearMonth.of(2013, 11);

  @TempDir static Path work;

  static Path data;
  static Lakehouse cleanLake;
  static Lakehouse interruptedLake;
  static RuntimeException crash;
  static IngestResult rerun;

  @BeforeAll
  static void ingestOnceCleanlyAndOnceWithACrash() {
    data = work.resolve("data");
    TestDrop.siteRegister(ValidRows.sites("P01", "C01")).writeTo(data);
    List<ExtractRow> november = new ArrayList<>(ValidRows.admissions("P01", NOVEMBER, 4));
    november.set(1, november.get(1).with(AdmissionsColumns.SEX, "X"));
    TestDrop.of(Extract.ADMISSIONS, "P01", NOVEMBER.toString()).rows(november).writeTo(data);
    TestDrop.of(Extract.ADMISSIONS, "C01", NOVEMBER.toString())
        .rows(ValidRows.admissions("C01", NOVEMBER, 3))
        .writeTo(data);

    cleanLake = Lakehouse.at(SparkTestSession.get(), work.resolve("clean"));
    ingest(cleanLake, "clean-run").execute();

    interruptedLake = Lakehouse.at(SparkTestSession.get(), work.resolve("interrupted"));
    try {
      ingest(interruptedLake, "stopped-run")
          .withAfterWrite(
              table -> {
                if (table == LakeTable.SILVER_ADMISSIONS) {
                  throw new IllegalStateException("simulated crash after silver admissions");
                }
              })
          .execute();
    } catch (IllegalStateException e) {
      crash = e;
    }
    rerun = ingest(interruptedLake, "rerun").execute();
  }

  @Test
  void theStoppedRunLeftHalfWrittenRowsBehind() {
    assertThat(crash).hasMessageContaining("simulated crash");
    assertThat(rerun.outcomes())
        .as("the stopped run logged nothing (the log is written last), so every drop is ingested")
        .extracting(IngestResult.DropOutcome::dropId)
        .containsExactlyInAnyOrder(
            "site_register/ALL/register", "admissions/P01/2013-11", "admissions/C01/2013-11");
  }

  @Test
  void rerunAfterTheCrashGivesExactlyTheRowsOfAnUninterruptedRun() {
    LakeSnapshot clean = LakeSnapshot.of(cleanLake);
    LakeSnapshot recovered = LakeSnapshot.of(interruptedLake);
    Map<LakeTable, Long> cleanCounts = clean.counts();
    assertThat(cleanCounts)
        .containsEntry(LakeTable.SILVER_ADMISSIONS, 6L)
        .containsEntry(LakeTable.QUARANTINE, 1L)
        .containsEntry(LakeTable.INGEST_LOG, 3L);
    assertThat(recovered.counts()).isEqualTo(cleanCounts);
    for (LakeTable table : LakeSnapshot.ROW_TABLES) {
      assertThat(withoutRunIds(recovered.json(table)))
          .as(table.tableName())
          .containsExactlyInAnyOrderElementsOf(withoutRunIds(clean.json(table)));
    }
    assertThat(recovered.json(LakeTable.SILVER_ADMISSIONS))
        .as("no row of the stopped run is left")
        .noneMatch(json -> json.contains("stopped-run"));
  }

  @Test
  void aSecondRunWhileOneHoldsTheLockIsRefusedAndChangesNothing() {
    Map<LakeTable, Long> before = LakeSnapshot.versions(interruptedLake);
    StageLock running = StageLock.acquire(interruptedLake, IngestJob.STAGE, "long-run");
    try {
      assertThatThrownBy(() -> ingest(interruptedLake, "second-run").execute())
          .isInstanceOf(PioneerEvalException.class)
          .hasMessageContaining("Another pioneer-eval run (long-run, process")
          .hasMessageContaining("is running the ingest stage on this lake")
          .hasMessageContaining("_locks/ingest.lock");
    } finally {
      running.release();
    }
    assertThat(LakeSnapshot.versions(interruptedLake)).isEqualTo(before);
  }

  private static IngestJob ingest(Lakehouse lake, String runId) {
    return IngestJob.create(lake, data, runId)
        .withProgress(new PrintStream(OutputStream.nullOutputStream()));
  }
}
