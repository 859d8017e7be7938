package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.PatientRegisterColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.ExtractRow;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.TestDrop;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * The patient register is delivered once per site (folder = site code, batch {@code register}) and
 * lands typed in silver; a corrected re-delivery of a site's register replaces that site's rows and
 * leaves the other sites' registers alone.
 *
 * <p>Run 1: the site register, P01's register (4 residents, one enrolled on 2013-11-15, one
 * enrolled before go-live) and C01's (3 residents). Run 2: P01's register corrected (the early
 * enrolment fixed) and one resident longer.
 */
class PatientRegisterIngestTest {

  static final LocalDate ENROLLED = ValidRows.WAVE1_GO_LIVE.plusDays(14);

  @TempDir static Path work;

  static Lakehouse lake;
  static IngestResult first;
  static IngestResult second;
  static TestDrop p01;
  static List<Row> quarantinedAfterFirst;

  @BeforeAll
  static void deliverTwice() {
    Path data = work.resolve("data");
    lake = Lakehouse.at(SparkTestSession.get(), work.resolve("lake"));
    TestDrop.siteRegister(ValidRows.sites("P01", "C01")).writeTo(data);
    List<ExtractRow> patients = new ArrayList<>(ValidRows.patients("P01", 2));
    patients.add(ValidRows.patient("P01", 2, ENROLLED));
    patients.add(ValidRows.patient("P01", 3, ValidRows.WAVE1_GO_LIVE.minusDays(1)));
    p01 = TestDrop.of(Extract.PATIENT_REGISTER, "P01", "register").rows(patients);
    p01.writeTo(data);
    TestDrop.of(Extract.PATIENT_REGISTER, "C01", "register")
        .rows(ValidRows.patients("C01", 3))
        .writeTo(data);
    first = ingest(data, "run-1");
    quarantinedAfterFirst =
        lake.read(LakeTable.QUARANTINE, "ingest")
            .filter(col(IngestColumns.DROP_ID).equalTo(p01.id()))
            .select(IngestColumns.RULE_IDS)
            .collectAsList();

    patients.set(3, ValidRows.patient("P01", 3, ENROLLED));
    patients.add(ValidRows.patient("P01", 4, null));
    TestDrop.of(Extract.PATIENT_REGISTER, "P01", "register").rows(patients).writeTo(data);
    second = ingest(data, "run-2");
  }

  private static IngestResult ingest(Path data, String runId) {
    return IngestJob.create(lake, data, runId)
        .withProgress(new PrintStream(OutputStream.nullOutputStream()))
        .execute();
  }

  @Test
  void eachSitesRegisterIsOneDropWithItsRowsInSilverOrQuarantine() {
    assertThat(first.outcomes())
        .extracting(o -> o.dropId() + " " + o.rowsAccepted() + "+" + o.rowsQuarantined())
        .containsExactlyInAnyOrder(
            "site_register/ALL/register 2+0",
            "patient_register/P01/register 3+1",
            "patient_register/C01/register 3+0");
    assertThat(quarantinedAfterFirst)
        .singleElement()
        .satisfies(
            r -> assertThat(r.getList(0)).containsExactly(RowRules.ENROLMENT_BEFORE_GO_LIVE));
  }

  @Test
  void silverHoldsTypedColumnsWithTheEnrolmentDate() {
    List<Row> enrolled =
        lake.read(LakeTable.SILVER_PATIENT_REGISTER, "ingest")
            .filter(col(PatientRegisterColumns.ENROLMENT_DATE).isNotNull())
            .select(
                PatientRegisterColumns.PATIENT_KEY,
                PatientRegisterColumns.ENROLMENT_DATE,
                PatientRegisterColumns.IMD_QUINTILE,
                PatientRegisterColumns.LTC_FLAG)
            .collectAsList();
    assertThat(enrolled)
        .extracting(r -> r.getString(0) + " " + r.getDate(1).toLocalDate())
        .containsExactlyInAnyOrder(
            ValidRows.patientKey("P01", 2) + " " + ENROLLED,
            ValidRows.patientKey("P01", 3) + " " + ENROLLED);
    // serial 2: imd_quintile 1 + 2 % 5 = 3, ltc false (2 % 3 != 0); typed INT and BOOLEAN.
    Row serial2 =
        enrolled.stream()
            .filter(r -> r.getString(0).equals(ValidRows.patientKey("P01", 2)))
            .findFirst()
            .orElseThrow();
    assertThat(((Number) serial2.get(2)).longValue()).isEqualTo(3L);
    assertThat(serial2.getBoolean(3)).isFalse();
  }

  @Test
  void aCorrectedRedeliveryReplacesThatSitesRegisterOnly() {
    assertThat(second.outcomes())
        .extracting(o -> o.dropId() + " " + o.rowsAccepted() + "+" + o.rowsQuarantined())
        .containsExactly("patient_register/P01/register 5+0");
    assertThat(second.dropsSkipped()).isEqualTo(2);
    List<Row> silver =
        lake.read(LakeTable.SILVER_PATIENT_REGISTER, "ingest")
            .groupBy(IngestColumns.DROP_ID, IngestColumns.INGEST_RUN_ID)
            .count()
            .collectAsList();
    assertThat(silver)
        .extracting(r -> r.getString(0) + " " + r.getString(1) + " " + r.getLong(2))
        .containsExactlyInAnyOrder(
            "patient_register/P01/register run-2 5", "patient_register/C01/register run-1 3");
    assertThat(
            lake.read(LakeTable.QUARANTINE, "ingest")
                .filter(col(IngestColumns.DROP_ID).equalTo(p01.id()))
                .count())
        .as("the quarantined row of the first delivery is gone with it")
        .isZero();
  }
}
