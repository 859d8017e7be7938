package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.Extract;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.ExtractRow;
import org.pioneereval.jobs.testing.LakeSnapshot;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.TestDrop;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * Ingest is re-runnable: the same drops ingested again change nothing, a corrected re-delivery of a
 * batch replaces its earlier rows, and a drop refused because it was damaged in transfer is
 * ingested once it arrives intact.
 *
 * <p>One lake, three runs (the deliveries of three days):
 *
 * <ol>
 *   <li>the register; {@code P01/2013-11} with one quarantined row; {@code P01/2013-12}; {@code
 *       C01/2013-11} damaged in transfer (refused: checksum mismatch);
 *   <li>nothing new: the same folders again;
 *   <li>{@code P01/2013-11} corrected and one spell longer (new file and manifest), {@code
 *       C01/2013-11} re-sent intact with its original manifest.
 * </ol>
 */
class RedeliveryTest {

  static final YearMonth NOVEMBER = YearMonth.of(2013, 11);
  static final YearMonth DECEMBER = YearMonth.of(2013, 12);
  static final YearMonth JANUARY = YearMonth.of(2014, 1);
  static final YearMonth FEBRUARY = YearMonth.of(2014, 2);
  static final YearMonth MARCH = YearMonth.of(2014, 3);
  static final String ACROSS_BATCHES = "admissions_spell_key_unique" + RowRules.ACROSS_BATCHES;

  @TempDir static Path work;

  static Lakehouse lake;
  static TestDrop corrected;
  static TestDrop original;
  static TestDrop untouched;
  static TestDrop damaged;
  static TestDrop withoutManifest;
  static TestDrop laterBatch;
  static TestDrop sameLoadLaterBatch;
  static IngestResult first;
  static IngestResult second;
  static IngestResult third;
  static Map<LakeTable, Long> versionsAfterFirst;
  static Map<LakeTable, Long> versionsAfterSecond;
  static LakeSnapshot afterThird;

  @BeforeAll
  static void deliverThreeTimes() {
    Path data = work.resolve("data");
    lake = Lakehouse.at(SparkTestSession.get(), work.resolve("lake"));

    TestDrop.siteRegister(ValidRows.sites("P01", "C01")).writeTo(data);
    List<ExtractRow> november = new ArrayList<>(ValidRows.admissions("P01", NOVEMBER, 5));
    original =
        TestDrop.of(Extract.ADMISSIONS, "P01", NOVEMBER.toString())
            .rows(
                List.of(
                    november.get(0),
                    november.get(1),
                    november.get(2).with(AdmissionsColumns.SEX, "X"),
                    november.get(3),
                    november.get(4)));
    original.writeTo(data);
    untouched =
        TestDrop.of(Extract.ADMISSIONS, "P01", DECEMBER.toString())
            .rows(ValidRows.admissions("P01", DECEMBER, 4));
    untouched.writeTo(data);
    TestDrop intact =
        TestDrop.of(Extract.ADMISSIONS, "C01", NOVEMBER.toString())
            .rows(ValidRows.admissions("C01", NOVEMBER, 4));
    String intactSha = TestDrop.sha256(intact.bytes());
    damaged =
        TestDrop.of(Extract.ADMISSIONS, "C01", NOVEMBER.toString())
            .rows(ValidRows.admissions("C01", NOVEMBER, 4))
            .editBytes(b -> flipLastDigit(b))
            .declaredSha256(intactSha);
    damaged.writeTo(data);
    withoutManifest =
        TestDrop.of(Extract.ADMISSIONS, "P01", JANUARY.toString())
            .rows(ValidRows.admissions("P01", JANUARY, 3))
            .withoutManifest();
    withoutManifest.writeTo(data);

    first = ingest(data, "run-1");
    versionsAfterFirst = LakeSnapshot.versions(lake);

    second = ingest(data, "run-2");
    versionsAfterSecond = LakeSnapshot.versions(lake);

    List<ExtractRow> fixed = new ArrayList<>(ValidRows.admissions("P01", NOVEMBER, 6));
    corrected = TestDrop.of(Extract.ADMISSIONS, "P01", NOVEMBER.toString()).rows(fixed);
    corrected.writeTo(data);
    intact.writeTo(data);
    // the sender adds the manifest that was missing
    TestDrop.of(Extract.ADMISSIONS, "P01", JANUARY.toString())
        .rows(ValidRows.admissions("P01", JANUARY, 3))
        .writeTo(data);
    // a spell of December (ingested in run 1) delivered again in February's batch, and a spell
    // of February delivered again in March's, both new in run 3
    List<ExtractRow> february = new ArrayList<>(ValidRows.admissions("P01", FEBRUARY, 3));
    february.set(
        2,
        february.get(2).with(AdmissionsColumns.SPELL_KEY, ValidRows.spellKey("P01", DECEMBER, 1)));
    laterBatch = TestDrop.of(Extract.ADMISSIONS, "P01", FEBRUARY.toString()).rows(february);
    laterBatch.writeTo(data);
    List<ExtractRow> march = new ArrayList<>(ValidRows.admissions("P01", MARCH, 3));
    march.set(
        0, march.get(0).with(AdmissionsColumns.SPELL_KEY, ValidRows.spellKey("P01", FEBRUARY, 0)));
    sameLoadLaterBatch = TestDrop.of(Extract.ADMISSIONS, "P01", MARCH.toString()).rows(march);
    sameLoadLaterBatch.writeTo(data);
    third = ingest(data, "run-3");
    afterThird = LakeSnapshot.of(lake);
  }

  @Test
  void firstRunAcceptsTheGoodDropsAndRefusesTheDamagedOne() {
    assertThat(first.outcomes())
        .extracting(o -> o.dropId() + " " + o.status() + " " + o.reason())
        .containsExactlyInAnyOrder(
            "site_register/ALL/register ACCEPTED null",
            original.id() + " ACCEPTED null",
            untouched.id() + " ACCEPTED null",
            damaged.id() + " REFUSED CHECKSUM_MISMATCH",
            withoutManifest.id() + " REFUSED MANIFEST_MISSING");
    assertThat(outcome(first, original.id()).rowsQuarantined()).isEqualTo(1);
  }

  @Test
  void sameDropsIngestedAgainAreSkippedAndNoTableChanges() {
    assertThat(second.outcomes()).isEmpty();
    assertThat(second.dropsSkipped()).isEqualTo(5);
    // a Delta table's version names its content: same versions, same rows in every table
    assertThat(versionsAfterSecond).isEqualTo(versionsAfterFirst).isNotEmpty();
  }

  @Test
  void correctedRedeliveryReplacesTheEarlierRowsOfItsBatch() {
    String id = corrected.id();
    IngestResult.DropOutcome outcome = outcome(third, id);
    assertThat(outcome.status()).isEqualTo(IngestColumns.STATUS_ACCEPTED);
    assertThat(outcome.rowsReceived()).isEqualTo(6);
    assertThat(outcome.rowsAccepted()).isEqualTo(6);

    assertThat(afterThird.rowsOfDrop(LakeTable.BRONZE_ADMISSIONS, id)).isEqualTo(6);
    assertThat(afterThird.rowsOfDrop(LakeTable.SILVER_ADMISSIONS, id)).isEqualTo(6);
    assertThat(afterThird.rowsOfDrop(LakeTable.QUARANTINE, id))
        .as("the quarantined row of the first delivery is gone with it")
        .isZero();
    Dataset<Row> silver = lake.read(LakeTable.SILVER_ADMISSIONS, "ingest");
    assertThat(silver.select(AdmissionsColumns.SPELL_KEY).distinct().count())
        .as("no spell twice in silver")
        .isEqualTo(silver.count());
    List<Row> quality =
        lake.read(LakeTable.DATA_QUALITY_RESULTS, "ingest")
            .filter(col(IngestColumns.DROP_ID).equalTo(id))
            .collectAsList();
    assertThat(quality)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.<Long>getAs(IngestColumns.ROWS_CHECKED)).isEqualTo(6))
        .allSatisfy(
            r -> assertThat(r.<String>getAs(IngestColumns.INGEST_RUN_ID)).isEqualTo("run-3"));
    assertThat(afterThird.json(LakeTable.INGEST_LOG))
        .filteredOn(json -> json.contains("\"drop_id\":\"" + id + "\""))
        .as("the ingest log keeps both deliveries")
        .hasSize(2)
        .allMatch(json -> json.contains("\"status\":\"ACCEPTED\""));
  }

  @Test
  void otherBatchesOfTheSiteAreUntouchedByARedelivery() {
    assertThat(third.outcomes())
        .extracting(IngestResult.DropOutcome::dropId)
        .doesNotContain(untouched.id());
    assertThat(
            lake.read(LakeTable.SILVER_ADMISSIONS, "ingest")
                .filter(col(IngestColumns.DROP_ID).equalTo(untouched.id()))
                .select(IngestColumns.INGEST_RUN_ID)
                .collectAsList())
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.getString(0)).isEqualTo("run-1"));
  }

  /**
   * The refusal says "the file changed or was cut short in transfer. Re-deliver the drop." The
   * sender does exactly that: the same file, intact, with the same manifest. It must be ingested,
   * not skipped as already seen (the ingest log holds the manifest's checksum of the refusal).
   */
  @Test
  void dropRefusedForItsChecksumIsIngestedWhenRedeliveredIntact() {
    assertThat(third.outcomes())
        .extracting(IngestResult.DropOutcome::dropId)
        .as("drops of the third run")
        .contains(damaged.id());
    IngestResult.DropOutcome outcome = outcome(third, damaged.id());
    assertThat(outcome.status()).isEqualTo(IngestColumns.STATUS_ACCEPTED);
    assertThat(outcome.rowsAccepted()).isEqualTo(4);
    assertThat(afterThird.rowsOfDrop(LakeTable.SILVER_ADMISSIONS, damaged.id())).isEqualTo(4);
  }

  /**
   * A drop without a manifest is refused once: the next run finds the same folder and neither
   * inspects nor logs it again; once the manifest arrives, it is ingested.
   */
  @Test
  void dropWithoutManifestIsRefusedAndLoggedOnceUntilItsManifestArrives() {
    String id = withoutManifest.id();
    assertThat(second.outcomes()).extracting(IngestResult.DropOutcome::dropId).doesNotContain(id);
    assertThat(afterThird.json(LakeTable.INGEST_LOG))
        .filteredOn(json -> json.contains("\"drop_id\":\"" + id + "\""))
        .extracting(json -> json.contains("\"reason\":\"MANIFEST_MISSING\"") ? "refused" : "ok")
        .containsExactly("refused", "ok");
    assertThat(outcome(third, id).status()).isEqualTo(IngestColumns.STATUS_ACCEPTED);
    assertThat(afterThird.rowsOfDrop(LakeTable.SILVER_ADMISSIONS, id)).isEqualTo(3);
  }

  /**
   * A spell key already in silver from another batch of the site is a real duplicate: the row of
   * the later batch is quarantined under {@code admissions_spell_key_unique_across_batches}, with a
   * message naming the batch that holds the key; the earlier row stays in silver. Two new batches
   * of one load are compared the same way.
   */
  @Test
  void keyAlreadyDeliveredInAnotherBatchOfTheSiteIsQuarantinedNamingThatBatch() {
    assertThat(outcome(third, laterBatch.id()).rowsAccepted()).isEqualTo(2);
    assertThat(afterThird.quarantinedRuleIds(laterBatch.id()))
        .containsExactly(List.of(ACROSS_BATCHES));
    assertThat(afterThird.quarantineMessages(laterBatch.id()))
        .singleElement()
        .asString()
        .contains("spell_key was already delivered in batch 2013-12 of site P01");
    assertThat(afterThird.quarantinedRuleIds(sameLoadLaterBatch.id()))
        .containsExactly(List.of(ACROSS_BATCHES));
    assertThat(afterThird.quarantineMessages(sameLoadLaterBatch.id()))
        .singleElement()
        .asString()
        .contains("already delivered in batch 2014-02 of site P01");
    assertThat(afterThird.rowsOfDrop(LakeTable.SILVER_ADMISSIONS, untouched.id())).isEqualTo(4);
    // the spell of February that March repeats stays in silver with February
    assertThat(
            lake.read(LakeTable.SILVER_ADMISSIONS, "test")
                .filter(
                    col(AdmissionsColumns.SPELL_KEY)
                        .equalTo(ValidRows.spellKey("P01", FEBRUARY, 0)))
                .select(IngestColumns.DROP_ID)
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly(laterBatch.id());
    Dataset<Row> silver = lake.read(LakeTable.SILVER_ADMISSIONS, "ingest");
    assertThat(silver.select(AdmissionsColumns.SPELL_KEY).distinct().count())
        .isEqualTo(silver.count());
  }

  private static IngestResult ingest(Path data, String runId) {
    return IngestJob.create(lake, data, runId)
        .withProgress(new PrintStream(OutputStream.nullOutputStream()))
        .execute();
  }

  private static IngestResult.DropOutcome outcome(IngestResult result, String dropId) {
    return result.outcomes().stream()
        .filter(o -> o.dropId().equals(dropId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome for " + dropId + " in " + result));
  }

  /** One byte changed in transfer: the last digit of the file becomes another digit. */
  private static byte[] flipLastDigit(byte[] content) {
    byte[] copy = content.clone();
    for (int i = copy.length - 1; i >= 0; i--) {
      if (copy[i] >= '0' && copy[i] <= '9') {
        copy[i] = (byte) (copy[i] == '9' ? '8' : copy[i] + 1);
        return copy;
      }
    }
    throw new IllegalStateException("no digit to change");
  }
}
