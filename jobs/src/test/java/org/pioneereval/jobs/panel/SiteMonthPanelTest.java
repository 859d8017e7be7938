package org.pioneereval.jobs.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Date;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.PriceIndex;
import org.pioneereval.jobs.ingest.IngestJob;
import org.pioneereval.jobs.ingest.IngestResult;
import org.pioneereval.jobs.ingest.RefusalReason;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.TestDrop;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * The panels of a hand-built data set small enough to compute by hand: two sites, one financial
 * year of population, admissions and costs for October and November 2013, one survey wave.
 *
 * <pre>
 *              population  admissions drop                    costs drop (6 settings)
 * P01 2013-10  2,000       2 emergency, 1 elective            none
 * P01 2013-11  2,000       3 emergency, 2 elective, 1 other,  9,230 + 923 + 1,846 + 0 (2013/14)
 *                          1 emergency quarantined (sex X)    4,530 + 1,812 (2012/13 prices)
 * C01 2013-10  4,000       header only (accepted, no spells)  none
 * C01 2013-11  4,000       refused (checksum mismatch)        6 x 923 (2013/14 prices)
 * </pre>
 *
 * With the GDP deflator (2017/18 = 100; 2013/14 = 92.3, 2012/13 = 90.6) the P01 November costs are
 * 10,000 + 1,000 + 2,000 + 0 + 5,000 + 2,000 = 20,000 at base-year prices, 10.0 per resident; C01's
 * are 6,000, 1.5 per resident. Rates are per 1,000 residents: P01 October 2 x 1000 / 2000 = 1.0
 * emergency, 0.5 elective; November 1.5 and 1.0 (the quarantined spell does not count).
 */
class SiteMonthPanelTest {

  static final YearMonth OCTOBER = YearMonth.of(2013, 10);
  static final YearMonth NOVEMBER = YearMonth.of(2013, 11);
  static final YearMonth DECEMBER = YearMonth.of(2013, 12);
  static final Offset<Double> EXACT = within(1e-9);

  @TempDir static Path work;

  static IngestResult ingest;
  static PanelJob.PanelResult panels;
  static Map<String, Row> siteMonth;
  static Map<String, Row> siteWave;

  @BeforeAll
  static void ingestAndBuildThePanels() {
    Path data = work.resolve("data");
    TestDrop.siteRegister(ValidRows.sites("P01", "C01")).writeTo(data);
    TestDrop.of(Extract.POPULATION, "P01", "2013-04")
        .rows(ValidRows.populationYear("P01", 2013, 2000))
        .writeTo(data);
    TestDrop.of(Extract.POPULATION, "C01", "2013-04")
        .rows(ValidRows.populationYear("C01", 2013, 4000))
        .writeTo(data);

    TestDrop.of(Extract.ADMISSIONS, "P01", OCTOBER.toString())
        .row(ValidRows.admission("P01", OCTOBER.atDay(2), 3, "emergency", 0))
        .row(ValidRows.admission("P01", OCTOBER.atDay(9), 0, "emergency", 1))
        .row(ValidRows.admission("P01", OCTOBER.atDay(20), 1, "elective", 2))
        .writeTo(data);
    TestDrop.of(Extract.ADMISSIONS, "P01", NOVEMBER.toString())
        .row(ValidRows.admission("P01", NOVEMBER.atDay(1), 2, "emergency", 0))
        .row(ValidRows.admission("P01", NOVEMBER.atDay(5), 4, "emergency", 1))
        .row(ValidRows.admission("P01", NOVEMBER.atDay(30), 0, "emergency", 2))
        .row(ValidRows.admission("P01", NOVEMBER.atDay(7), 1, "elective", 3))
        .row(ValidRows.admission("P01", NOVEMBER.atDay(8), 1, "elective", 4))
        .row(ValidRows.admission("P01", NOVEMBER.atDay(9), 1, "other", 5))
        .row(
            ValidRows.admission("P01", NOVEMBER.atDay(10), 1, "emergency", 6)
                .with(AdmissionsColumns.SEX, "X"))
        .writeTo(data);
    TestDrop.of(Extract.ADMISSIONS, "C01", OCTOBER.toString()).writeTo(data);
    TestDrop refused =
        TestDrop.of(Extract.ADMISSIONS, "C01", NOVEMBER.toString())
            .rows(ValidRows.admissions("C01", NOVEMBER, 5));
    refused.declaredSha256(TestDrop.sha256(new byte[] {1})).writeTo(data);

    TestDrop.of(Extract.COSTS, "P01", NOVEMBER.toString())
        .row(ValidRows.cost("P01", NOVEMBER, "inpatient", "9230.00", 2013))
        .row(ValidRows.cost("P01", NOVEMBER, "outpatient", "4530", 2012))
        .row(ValidRows.cost("P01", NOVEMBER, "ae", "923.0", 2013))
        .row(ValidRows.cost("P01", NOVEMBER, "community", "1812.00", 2012))
        .row(ValidRows.cost("P01", NOVEMBER, "social_care", "0", 2013))
        .row(ValidRows.cost("P01", NOVEMBER, "prescribing", "1846.00", 2013))
        .writeTo(data);
    TestDrop.of(Extract.COSTS, "C01", NOVEMBER.toString())
        .rows(ValidRows.costsMonth("C01", NOVEMBER, "923.00"))
        .writeTo(data);

    TestDrop.of(Extract.PATIENT_EXPERIENCE, "P01", "2013-01")
        .row(ValidRows.response("P01", 2013, 0, 4, "1.0"))
        .row(ValidRows.response("P01", 2013, 1, 2, "3.0"))
        .writeTo(data);
    TestDrop.of(Extract.PATIENT_EXPERIENCE, "C01", "2013-01")
        .row(ValidRows.response("C01", 2013, 0, 5, "2.0"))
        .writeTo(data);

    Lakehouse lake = Lakehouse.at(SparkTestSession.get(), work.resolve("lake"));
    ingest =
        IngestJob.create(lake, data, "run-panel-ingest")
            .withProgress(new PrintStream(OutputStream.nullOutputStream()))
            .execute();
    panels = PanelJob.create(lake, "run-panel").execute();
    siteMonth = byKey(lake, LakeTable.SITE_MONTH_PANEL, PanelColumns.PERIOD_MONTH);
    siteWave = byKey(lake, LakeTable.SITE_WAVE_PANEL, PanelColumns.SURVEY_WAVE);
  }

  @Test
  void theDataSetIsIngestedAsDesigned() {
    assertThat(ingest.refused())
        .extracting(o -> o.dropId() + " " + o.reason())
        .containsExactly("admissions/C01/" + NOVEMBER + " " + RefusalReason.CHECKSUM_MISMATCH);
    assertThat(ingest.rowsQuarantined()).isEqualTo(1);
  }

  @Test
  void siteMonthPanelHasOneRowPerSiteAndPopulationMonth() {
    assertThat(panels.siteMonthRows()).isEqualTo(24);
    assertThat(siteMonth).hasSize(24);
    assertThat(panels.siteWaveRows()).isEqualTo(2);
  }

  @Test
  void admissionRatesArePerThousandResidentsOfAcceptedSpells() {
    Row october = siteMonth.get("P01 " + OCTOBER.atDay(1));
    assertThat(october.<Long>getAs(PanelColumns.EMERGENCY_ADMISSIONS)).isEqualTo(2);
    assertThat(october.<Long>getAs(PanelColumns.ELECTIVE_ADMISSIONS)).isEqualTo(1);
    assertThat(rate(october, PanelOutcome.EMERGENCY_ADMISSIONS_RATE)).isCloseTo(1.0, EXACT);
    assertThat(rate(october, PanelOutcome.ELECTIVE_ADMISSIONS_RATE)).isCloseTo(0.5, EXACT);

    Row november = siteMonth.get("P01 " + NOVEMBER.atDay(1));
    assertThat(november.<Long>getAs(PanelColumns.EMERGENCY_ADMISSIONS)).isEqualTo(3);
    assertThat(rate(november, PanelOutcome.EMERGENCY_ADMISSIONS_RATE)).isCloseTo(1.5, EXACT);
    assertThat(rate(november, PanelOutcome.ELECTIVE_ADMISSIONS_RATE)).isCloseTo(1.0, EXACT);
  }

  @Test
  void anAcceptedEmptyDropIsZeroAdmissionsButARefusedOrMissingDropIsNull() {
    Row emptyDrop = siteMonth.get("C01 " + OCTOBER.atDay(1));
    assertThat(rate(emptyDrop, PanelOutcome.EMERGENCY_ADMISSIONS_RATE)).isEqualTo(0.0);
    assertThat(rate(emptyDrop, PanelOutcome.ELECTIVE_ADMISSIONS_RATE)).isEqualTo(0.0);

    Row refusedDrop = siteMonth.get("C01 " + NOVEMBER.atDay(1));
    assertThat(refusedDrop.isNullAt(refusedDrop.fieldIndex(PanelColumns.EMERGENCY_ADMISSIONS)))
        .isTrue();
    assertThat(rate(refusedDrop, PanelOutcome.EMERGENCY_ADMISSIONS_RATE)).isNull();
    assertThat(rate(refusedDrop, PanelOutcome.ELECTIVE_ADMISSIONS_RATE)).isNull();

    Row noDrop = siteMonth.get("P01 " + DECEMBER.atDay(1));
    assertThat(rate(noDrop, PanelOutcome.EMERGENCY_ADMISSIONS_RATE)).isNull();
    assertThat(rate(noDrop, PanelOutcome.COST_PER_CAPITA)).isNull();
  }

  @Test
  void costPerCapitaIsDeflatedToBaseYearPrices() {
    double factor2013 = PriceIndex.toBaseYearFactor(2013);
    double factor2012 = PriceIndex.toBaseYearFactor(2012);
    assertThat(factor2013).isCloseTo(100.0 / 92.3, EXACT);
    assertThat(factor2012).isCloseTo(100.0 / 90.6, EXACT);

    Row p01 = siteMonth.get("P01 " + NOVEMBER.atDay(1));
    assertThat(p01.<Double>getAs(PanelColumns.COST_GBP_BASE_YEAR))
        .isCloseTo(20_000.0, within(1e-6));
    assertThat(rate(p01, PanelOutcome.COST_PER_CAPITA)).isCloseTo(10.0, within(1e-9));

    Row c01 = siteMonth.get("C01 " + NOVEMBER.atDay(1));
    assertThat(c01.<Double>getAs(PanelColumns.COST_GBP_BASE_YEAR)).isCloseTo(6_000.0, within(1e-6));
    assertThat(rate(c01, PanelOutcome.COST_PER_CAPITA)).isCloseTo(1.5, within(1e-9));

    Row noCosts = siteMonth.get("P01 " + OCTOBER.atDay(1));
    assertThat(rate(noCosts, PanelOutcome.COST_PER_CAPITA)).isNull();
  }

  @Test
  void treatmentStartsInTheGoLiveMonthOfPioneersOnly() {
    Row before = siteMonth.get("P01 " + OCTOBER.atDay(1));
    Row live = siteMonth.get("P01 " + NOVEMBER.atDay(1));
    Row comparison = siteMonth.get("C01 " + NOVEMBER.atDay(1));
    assertThat(before.<Boolean>getAs(PanelColumns.TREATED_POST)).isFalse();
    assertThat(before.<Integer>getAs(PanelColumns.EVENT_TIME_MONTHS)).isEqualTo(-1);
    assertThat(live.<Boolean>getAs(PanelColumns.TREATED_POST)).isTrue();
    assertThat(live.<Integer>getAs(PanelColumns.EVENT_TIME_MONTHS)).isZero();
    assertThat(live.<Boolean>getAs(PanelColumns.PIONEER)).isTrue();
    assertThat(comparison.<Boolean>getAs(PanelColumns.TREATED_POST)).isFalse();
    assertThat(comparison.<Boolean>getAs(PanelColumns.PIONEER)).isFalse();
    assertThat(comparison.isNullAt(comparison.fieldIndex(PanelColumns.EVENT_TIME_MONTHS))).isTrue();
  }

  /** P01: (4 x 1.0 + 2 x 3.0) / (1.0 + 3.0) = 2.5 on every item; C01: its one response, 5. */
  @Test
  void siteWavePanelHoldsSurveyWeightedMeans() {
    Row p01 = siteWave.get("P01 2013");
    Row c01 = siteWave.get("C01 2013");
    for (PanelOutcome item : PanelOutcome.values()) {
      if (item.level() == PanelOutcome.Level.SITE_WAVE) {
        assertThat(rate(p01, item)).as(item.columnName()).isCloseTo(2.5, EXACT);
        assertThat(rate(c01, item)).as(item.columnName()).isCloseTo(5.0, EXACT);
      }
    }
    assertThat(p01.<Long>getAs(PanelColumns.RESPONDENTS)).isEqualTo(2);
    assertThat(p01.<Double>getAs(PanelColumns.SUM_WEIGHTS)).isCloseTo(4.0, EXACT);
    assertThat(p01.<Boolean>getAs(PanelColumns.TREATED_POST))
        .as("the 2013 wave starts in January, before the November go-live")
        .isFalse();
  }

  private static Double rate(Row row, PanelOutcome outcome) {
    int i = row.fieldIndex(outcome.columnName());
    return row.isNullAt(i) ? null : ((Number) row.get(i)).doubleValue();
  }

  /** Rows keyed "site period", the period as its string (a date or a wave year). */
  private static Map<String, Row> byKey(Lakehouse lake, LakeTable table, String period) {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : lake.read(table, "panel").collectAsList()) {
      Object p = row.getAs(period);
      String key = p instanceof Date d ? d.toLocalDate().toString() : String.valueOf(p);
      rows.put(row.<String>getAs(PanelColumns.SITE_CODE) + " " + key, row);
    }
    return rows;
  }
}
