package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.ContractColumn;
import org.pioneereval.contracts.DataContract;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.Severity;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.ExtractRow;
import org.pioneereval.jobs.testing.SparkTestSession;
import org.pioneereval.jobs.testing.TestDrop;
import org.pioneereval.jobs.testing.ValidRows;

/**
 * Two promises of the contracts that the ingest job keeps:
 *
 * <ul>
 *   <li>Severity (data-contracts/README.md): a row that fails a {@code warning} rule is not
 *       quarantined; the data-quality results count it, with {@code passed} false and {@code
 *       severity} warning. Shown with the admissions contract in which {@code
 *       admissions_sex_valid_values} is downgraded to a warning (as a minor version may do).
 *   <li>Types: every silver column has its contract property's {@code physicalType} (INT for the
 *       integer columns, not BIGINT).
 * </ul>
 */
class RuleSeverityAndTypesTest {

  static final YearMonth MONTH = YearMonth.of(2014, 1);
  static final String DROP_ID = "admissions/P01/" + MONTH;

  @TempDir static Path work;

  static Lakehouse lake;
  static IngestResult result;
  static DataContract sexIsAWarning;

  @BeforeAll
  static void ingestWithASexRuleThatIsOnlyAWarning() throws IOException {
    String yaml;
    try (InputStream in =
        DataContract.class
            .getClassLoader()
            .getResourceAsStream(Extract.ADMISSIONS.contractResource())) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String rule = "- id: admissions_sex_valid_values";
    int at = yaml.indexOf(rule);
    int severity = yaml.indexOf("severity: error", at);
    String downgraded =
        yaml.substring(0, severity) + "severity: warning" + yaml.substring(severity + 15);
    Path contractFile = work.resolve("admissions.odcs.yaml");
    Files.writeString(contractFile, downgraded);
    sexIsAWarning = DataContract.load(contractFile);
    assertThat(
            sexIsAWarning.rules().stream()
                .filter(r -> r.id().equals("admissions_sex_valid_values"))
                .findFirst()
                .orElseThrow()
                .severity())
        .isEqualTo(Severity.WARNING);

    Path data = work.resolve("data");
    TestDrop.siteRegister(ValidRows.sites("P01", "C01")).writeTo(data);
    List<ExtractRow> spells = new ArrayList<>(ValidRows.admissions("P01", MONTH, 5));
    spells.set(1, spells.get(1).with(AdmissionsColumns.SEX, "X"));
    spells.set(2, spells.get(2).with(AdmissionsColumns.SEX, "X"));
    spells.set(4, spells.get(4).with(AdmissionsColumns.AGE_BAND, "90+"));
    TestDrop.of(Extract.ADMISSIONS, "P01", MONTH.toString()).rows(spells).writeTo(data);
    TestDrop.of(Extract.POPULATION, "P01", "2013-04")
        .rows(ValidRows.populationYear("P01", 2013, 52_000))
        .writeTo(data);
    lake = Lakehouse.at(SparkTestSession.get(), work.resolve("lake"));
    result =
        IngestJob.create(lake, data, "run-severity")
            .withProgress(new PrintStream(OutputStream.nullOutputStream()))
            .withContract(sexIsAWarning)
            .execute();
  }

  @Test
  void rowsFailingAWarningRuleGoToSilverAndOnlyErrorRulesQuarantine() {
    IngestResult.DropOutcome outcome =
        result.outcomes().stream().filter(o -> o.dropId().equals(DROP_ID)).findFirst().get();
    // 5 spells: 2 with sex X (warning: kept), 1 with age band 90+ (error: quarantined)
    assertThat(outcome.rowsAccepted()).isEqualTo(4);
    assertThat(outcome.rowsQuarantined()).isEqualTo(1);
    assertThat(
            lake.read(LakeTable.SILVER_ADMISSIONS, "test")
                .filter(col(AdmissionsColumns.SEX).equalTo("X"))
                .count())
        .isEqualTo(2);
    assertThat(
            lake.read(LakeTable.QUARANTINE, "test")
                .filter(col(IngestColumns.DROP_ID).equalTo(DROP_ID))
                .select(IngestColumns.RULE_IDS)
                .collectAsList())
        .extracting(r -> r.getList(0))
        .containsExactly(List.of("admissions_age_band_valid_values"));
  }

  @Test
  void failedWarningIsCountedInTheDataQualityResultsWithItsSeverity() {
    List<String> results =
        lake
            .read(LakeTable.DATA_QUALITY_RESULTS, "test")
            .filter(col(IngestColumns.DROP_ID).equalTo(DROP_ID))
            .filter(
                col(IngestColumns.RULE_ID)
                    .isin("admissions_sex_valid_values", "admissions_age_band_valid_values"))
            .orderBy(IngestColumns.RULE_ID)
            .select(
                IngestColumns.RULE_ID,
                IngestColumns.SEVERITY,
                IngestColumns.ROWS_CHECKED,
                IngestColumns.ROWS_FAILED,
                IngestColumns.PASSED)
            .collectAsList()
            .stream()
            .map(Row::toString)
            .toList();
    assertThat(results)
        .containsExactly(
            "[admissions_age_band_valid_values,error,5,1,false]",
            "[admissions_sex_valid_values,warning,5,2,false]");
  }

  @Test
  void everySilverColumnHasItsContractsPhysicalType() {
    for (Extract extract : List.of(Extract.SITE_REGISTER, Extract.ADMISSIONS, Extract.POPULATION)) {
      StructType silver = lake.read(IngestJob.silver(extract), "test").schema();
      for (ContractColumn column : DataContract.load(extract).columns()) {
        DataType expected = DataType.fromDDL(column.physicalType());
        assertThat(silver.apply(column.name()).dataType())
            .as("%s.%s (physicalType %s)", extract, column.name(), column.physicalType())
            .isEqualTo(expected);
      }
    }
    assertThat(
            lake.read(LakeTable.SILVER_ADMISSIONS, "test")
                .schema()
                .apply(AdmissionsColumns.LENGTH_OF_STAY)
                .dataType())
        .isEqualTo(DataTypes.IntegerType);
  }

  /**
   * Bronze, silver and the quarantine keep Delta file statistics for the lineage columns the ingest
   * filters them by, and for no other column; the data-quality results keep Delta's default.
   */
  @Test
  void loadTablesKeepFileStatisticsForTheirLineageColumnsOnly() {
    for (LakeTable table :
        List.of(LakeTable.BRONZE_ADMISSIONS, LakeTable.SILVER_ADMISSIONS, LakeTable.QUARANTINE)) {
      assertThat(tableProperties(table))
          .as("%s", table)
          .containsEntry(
              Lakehouse.STATS_COLUMNS_PROPERTY, "drop_id,drop_site,drop_batch,ingest_run_id");
    }
    assertThat(tableProperties(LakeTable.DATA_QUALITY_RESULTS))
        .doesNotContainKey(Lakehouse.STATS_COLUMNS_PROPERTY);
  }

  private static java.util.Map<String, String> tableProperties(LakeTable table) {
    java.util.Map<String, String> properties = new java.util.HashMap<>();
    for (org.apache.spark.sql.Row row :
        SparkTestSession.get()
            .sql("SHOW TBLPROPERTIES delta.`" + lake.location(table) + "`")
            .collectAsList()) {
      properties.put(row.getString(0), row.getString(1));
    }
    return properties;
  }
}
