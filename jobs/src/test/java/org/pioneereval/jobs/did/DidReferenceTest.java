package org.pioneereval.jobs.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EventStudyCoefficient;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.estimators.WaldTest;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * {@code pioneer-eval did}'s Java entry point ({@link DidAnalysis}) on published examples: Stata's
 * {@code didregress} hospdd example and the fixest vignette's {@code base_did} event study (see
 * src/test/resources/reference/&lt;name&gt;/README.md), and the same data as CSV, Parquet and Delta
 * giving identical results.
 */
class DidReferenceTest {

  static final Path HOSPDD = Path.of("src/test/resources/reference/hospdd/data.csv");
  static final Path BASE_DID = Path.of("src/test/resources/reference/fixest_base_did/data.csv");

  private static final int[] EVENT_TIMES = {-5, -4, -3, -2, 0, 1, 2, 3, 4};
  private static final double[] FIXEST_ESTIMATES = {
    -1.403045, -1.247511, -0.273206, -1.795721, 0.784452, 3.598897, 3.811766, 4.731426, 6.606229
  };
  private static final double[] FIXEST_STANDARD_ERRORS = {
    1.110267, 1.093145, 1.106935, 1.087974, 1.028388, 1.101563, 1.247502, 1.097113, 1.120494
  };

  @TempDir Path temp;

  static DidSpecification.Builder hospdd(Path input) {
    return DidSpecification.builder(input)
        .outcome("satis")
        .unit("hospital")
        .time("month")
        .treatment("proc")
        .variance(VarianceType.CR1_STATA);
  }

  @Test
  void hospddTwfeMatchesStataDidregress() {
    DidResult r = DidAnalysis.create(SparkTestSession.get(), hospdd(HOSPDD).build()).execute();

    DidEstimate e = r.effect().orElseThrow();
    assertThat(e.estimate()).isCloseTo(.8479879, within(5e-8));
    assertThat(e.standardError()).isCloseTo(.0321121, within(5e-8));
    assertThat(e.ciLower()).isCloseTo(.7833108, within(5e-8));
    assertThat(e.ciUpper()).isCloseTo(.912665, within(5e-7));
    assertThat(e.degreesOfFreedom()).isEqualTo(45.0);
    assertThat(e.nObservations()).isEqualTo(7368);
    assertThat(e.nClusters()).isEqualTo(46);
    assertThat(r.format()).isEqualTo(InputFormat.CSV);
    assertThat(r.data())
        .isEqualTo(
            new DidResult.DataSummary(
                7368, 7368, 0, 46, 7, 46, 18, DidResult.Computation.CLUSTER_MOMENTS));
  }

  @Test
  void hospddTwoByTwoWithOneAdoptionDateEqualsTheAtet() {
    DidResult r =
        DidAnalysis.create(
                SparkTestSession.get(), hospdd(HOSPDD).method(DidMethod.TWO_BY_TWO).build())
            .execute();

    assertThat(r.effect().orElseThrow().estimate()).isCloseTo(.8479879, within(5e-8));
    assertThat(r.effect().orElseThrow().nClusters()).isEqualTo(46);
  }

  @Test
  void hospddFromACohortColumnEqualsTheTreatmentIndicator() throws IOException {
    // first treated month 4 for the 18 treated hospitals, empty for the 28 never treated
    Path withCohort =
        withColumn(HOSPDD, temp.resolve("hospdd_cohort.csv"), "first_month", this::hospddCohort);
    DidSpecification spec =
        DidSpecification.builder(withCohort)
            .outcome("satis")
            .unit("hospital")
            .time("month")
            .cohort("first_month")
            .build();

    DidEstimate e =
        DidAnalysis.create(SparkTestSession.get(), spec).execute().effect().orElseThrow();

    assertThat(e.estimate()).isCloseTo(.8479879, within(5e-8));
    assertThat(e.standardError()).isCloseTo(.0321121, within(5e-8));
  }

  private final java.util.Set<String> treatedHospitals = new java.util.HashSet<>();

  private String hospddCohort(String[] header, String[] row) {
    if (treatedHospitals.isEmpty()) {
      try {
        for (String line : Files.readAllLines(HOSPDD).subList(1, 7369)) {
          String[] f = line.split(",");
          if (f[5].equals("1")) {
            treatedHospitals.add(f[0]);
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return treatedHospitals.contains(row[0]) ? "4" : "";
  }

  @Test
  void baseDidEventStudyMatchesFixestToSixDecimals() throws IOException {
    DidResult r = DidAnalysis.create(SparkTestSession.get(), baseDidEventStudy()).execute();

    EventStudyResult es = r.eventStudy().orElseThrow();
    assertThat(es.coefficients()).hasSize(9);
    for (int j = 0; j < EVENT_TIMES.length; j++) {
      EventStudyCoefficient c = es.coefficient(EVENT_TIMES[j]);
      assertThat(c.estimate())
          .as("estimate %d", EVENT_TIMES[j])
          .isCloseTo(FIXEST_ESTIMATES[j], within(5e-7));
      assertThat(c.standardError())
          .as("se %d", EVENT_TIMES[j])
          .isCloseTo(FIXEST_STANDARD_ERRORS[j], within(5e-7));
    }
    assertThat(es.regression().coefficient("x1")).isCloseTo(0.973490, within(5e-7));
    assertThat(es.regression().standardError("x1")).isCloseTo(0.045678, within(5e-7));
    assertThat(es.regression().degreesOfFreedom()).isEqualTo(107.0);
    WaldTest wald = r.preTrendWald().orElseThrow();
    assertThat(wald.df1()).isEqualTo(4);
    assertThat(wald.df2()).isEqualTo(107.0);
    assertThat(r.data().treatedUnits()).isEqualTo(55);
  }

  @Test
  void eventStudyFromTheTreatmentIndicatorEqualsTheCohortVersion() throws IOException {
    // treated-and-post = treat x post: each treated unit's first treated period is 6
    Path input =
        withColumn(
            BASE_DID,
            temp.resolve("base_did_d.csv"),
            "d",
            (h, row) -> String.valueOf(Integer.parseInt(row[4]) * Integer.parseInt(row[5])));
    DidSpecification spec =
        DidSpecification.builder(input)
            .method(DidMethod.EVENT_STUDY)
            .outcome("y")
            .unit("id")
            .time("period")
            .treatment("d")
            .covariates(List.of("x1"))
            .variance(VarianceType.CR1_FIXEST)
            .window(-5, 4)
            .build();

    EventStudyResult es =
        DidAnalysis.create(SparkTestSession.get(), spec).execute().eventStudy().orElseThrow();

    assertThat(es.coefficient(4).estimate()).isCloseTo(6.606229, within(5e-7));
    assertThat(es.coefficient(-5).standardError()).isCloseTo(1.110267, within(5e-7));
  }

  DidSpecification baseDidEventStudy() throws IOException {
    Path input =
        withColumn(
            BASE_DID,
            temp.resolve("base_did.csv"),
            "first_treated",
            (h, row) -> row[5].equals("1") ? "6" : "");
    return DidSpecification.builder(input)
        .method(DidMethod.EVENT_STUDY)
        .outcome("y")
        .unit("id")
        .time("period")
        .cohort("first_treated")
        .covariates(List.of("x1"))
        .variance(VarianceType.CR1_FIXEST)
        .referencePeriod(-1)
        .window(-5, 4)
        .build();
  }

  @Test
  void csvParquetAndDeltaCopiesGiveIdenticalResults() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> typed =
        spark.read().option("header", "true").option("inferSchema", "true").csv(HOSPDD.toString());
    Path parquet = temp.resolve("hospdd_parquet");
    Path delta = temp.resolve("hospdd_delta");
    // several files in a different row order than the CSV
    typed.repartition(3).write().mode(SaveMode.Overwrite).parquet(parquet.toString());
    typed.orderBy("month").write().format("delta").mode(SaveMode.Overwrite).save(delta.toString());

    List<DidResult> results = new ArrayList<>();
    for (Path input : List.of(HOSPDD, parquet, delta)) {
      results.add(
          DidAnalysis.create(spark, hospdd(input).bootstrapDraws(199).seed(7).build()).execute());
    }

    assertThat(results)
        .extracting(DidResult::format)
        .containsExactly(InputFormat.CSV, InputFormat.PARQUET, InputFormat.DELTA);
    DidResult csv = results.get(0);
    for (DidResult other : results.subList(1, 3)) {
      assertThat(other.effect().orElseThrow().estimate())
          .isEqualTo(csv.effect().orElseThrow().estimate());
      assertThat(other.effect().orElseThrow().standardError())
          .isEqualTo(csv.effect().orElseThrow().standardError());
      assertThat(other.wildBootstrap().orElseThrow().pValue())
          .isEqualTo(csv.wildBootstrap().orElseThrow().pValue());
      assertThat(other.wildBootstrap().orElseThrow().ciLower())
          .isEqualTo(csv.wildBootstrap().orElseThrow().ciLower());
      assertThat(other.data()).isEqualTo(csv.data());
    }
    assertThat(csv.effect().orElseThrow().estimate()).isCloseTo(.8479879, within(5e-8));
  }

  interface ColumnValue {
    String of(String[] header, String[] row);
  }

  /** A copy of a CSV file with one more column computed from each row. */
  static Path withColumn(Path source, Path target, String name, ColumnValue value)
      throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(",");
    List<String> out = new ArrayList<>();
    out.add(lines.get(0) + "," + name);
    for (String line : lines.subList(1, lines.size())) {
      out.add(line + "," + value.of(header, line.split(",")));
    }
    Files.write(target, out, StandardCharsets.UTF_8);
    return target;
  }
}
