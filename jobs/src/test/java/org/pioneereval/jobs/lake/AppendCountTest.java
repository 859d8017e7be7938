package org.pioneereval.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.jobs.testing.SparkTestSession;

/** Appends report the rows their own Delta commit added: what ingest reconciles against. */
class AppendCountTest {

  @TempDir Path lakeFolder;

  @Test
  void appendReportsTheRowsOfItsOwnCommitIncludingAnEmptyOne() {
    SparkSession spark = SparkTestSession.get();
    Lakehouse lake = Lakehouse.at(spark, lakeFolder);
    Dataset<Row> three =
        spark.range(3).toDF("drop_id").selectExpr("cast(drop_id as string) drop_id");

    assertThat(lake.appendCounted(LakeTable.BRONZE_ADMISSIONS, three, List.of("drop_id")))
        .isEqualTo(3);
    assertThat(lake.appendCounted(LakeTable.BRONZE_ADMISSIONS, three.limit(1), List.of("drop_id")))
        .isEqualTo(1);
    assertThat(
            lake.appendCounted(
                LakeTable.BRONZE_ADMISSIONS, three.filter("drop_id = 'none'"), List.of("drop_id")))
        .isEqualTo(0);
    assertThat(lake.read(LakeTable.BRONZE_ADMISSIONS, "test").count()).isEqualTo(4);
  }
}
