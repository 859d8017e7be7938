package org.pioneereval.jobs.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.jobs.runtime.ExitCode;
import org.pioneereval.jobs.runtime.PioneerEvalException;
import org.pioneereval.jobs.testing.SparkTestSession;

/** Every input problem an analyst can make ends in one message that says what to change. */
class DidInputErrorsTest {

  @TempDir Path temp;

  private Path csv(String... lines) throws IOException {
    Path file = Files.createTempFile(temp, "panel", ".csv");
    Files.write(file, List.of(lines));
    return file;
  }

  private static DidSpecification.Builder spec(Path input) {
    return DidSpecification.builder(input).outcome("y").unit("id").time("t").treatment("d");
  }

  private static DidResult run(DidSpecification spec) {
    return DidAnalysis.create(SparkTestSession.get(), spec).execute();
  }

  @Test
  void missingColumnNamesTheColumnTheOptionAndTheAvailableColumns() throws IOException {
    Path input = csv("y,id,t,treated", "1,a,1,0");

    assertThatThrownBy(() -> run(spec(input).build()))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("Column 'd' given to --treatment is not in the input")
        .hasMessageContaining("[y, id, t, treated]");
  }

  @Test
  void nonNumericOutcomeCountsTheRowsAndSaysHowMissingValuesMustLook() throws IOException {
    Path input = csv("y,id,t,d", "1.5,a,1,0", "NA,a,2,1", "oops,b,1,0", "2,b,2,0");

    assertThatThrownBy(() -> run(spec(input).build()))
        .hasMessageContaining(
            "Column 'y' (--outcome) has 2 non-empty value(s) that are not numbers")
        .hasMessageContaining("must be empty, not text such as 'NA'")
        .extracting(e -> ((PioneerEvalException) e).exitCode())
        .isEqualTo(ExitCode.INPUT_ERROR);
  }

  @Test
  void treatmentOtherThanZeroOrOneIsRefused() throws IOException {
    Path input = csv("y,id,t,d", "1,a,1,0", "2,a,2,2", "1,b,1,0", "2,b,2,0");

    assertThatThrownBy(() -> run(spec(input).build()))
        .hasMessageContaining("Treatment column 'd' has 1 row(s) with a value other than 0 or 1")
        .hasMessageContaining("--cohort instead");
  }

  @Test
  void nonPositiveWeightsAreRefused() throws IOException {
    Path input = csv("y,id,t,d,w", "1,a,1,0,1", "2,a,2,1,0", "1,b,1,0,1", "2,b,2,0,-1");

    assertThatThrownBy(() -> run(spec(input).weights("w").build()))
        .hasMessageContaining("Weights column 'w' has 2 row(s) with a weight of zero or less");
  }

  @Test
  void eventStudyNeedsWholeNumericPeriods() throws IOException {
    Path input = csv("y,id,t,g", "1,a,2020-01,2", "2,a,2020-02,2");

    assertThatThrownBy(
            () ->
                run(
                    DidSpecification.builder(input)
                        .method(DidMethod.EVENT_STUDY)
                        .outcome("y")
                        .unit("id")
                        .time("t")
                        .cohort("g")
                        .build()))
        .hasMessageContaining("Column 't' (--time) has 2 non-empty value(s) that are not numbers");
  }

  @Test
  void rowsWithAnEmptyNeededValueAreLeftOutAndCounted() throws IOException {
    Path input =
        csv(
            "y,id,t,d",
            "1,a,1,0",
            "2,a,2,1",
            "3,a,3,1",
            "1,b,1,0",
            ",b,2,0",
            "1.5,b,3,0",
            "1,c,1,0",
            "1.2,c,2,0",
            "1.4,c,3,");

    DidResult r = run(spec(input).build());

    assertThat(r.data().rowsRead()).isEqualTo(9);
    assertThat(r.data().rowsUsed()).isEqualTo(7);
    assertThat(r.data().rowsDroppedMissing()).isEqualTo(2);
  }

  @Test
  void treatmentAndCohortTogetherAreRefusedBeforeReading() {
    assertThatThrownBy(() -> spec(temp.resolve("x.csv")).cohort("g").build())
        .hasMessageContaining("Give exactly one of --treatment and --cohort");
  }

  @Test
  void unknownEstimatorListsTheKnownOnes() {
    assertThatThrownBy(() -> DidMethod.fromOption("synthetic-control"))
        .hasMessageContaining("Unknown estimator 'synthetic-control'")
        .hasMessageContaining("twfe")
        .hasMessageContaining("2x2")
        .hasMessageContaining("event-study");
  }

  @Test
  void bootstrapWithTooFewDrawsIsTheEstimatorsMessage() {
    assertThatThrownBy(() -> spec(temp.resolve("x.csv")).bootstrapDraws(10).build())
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("at least 99");
  }

  @Test
  void unknownFormatAndMissingInputSayWhatIsRead() throws IOException {
    Path text = Files.writeString(temp.resolve("panel.txt"), "y,id\n");

    assertThatThrownBy(() -> InputFormat.detect(text))
        .hasMessageContaining("not a .csv file, a .parquet file");
    assertThatThrownBy(() -> InputFormat.detect(temp.resolve("absent.csv")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void anInestimableModelIsAnInputErrorWithTheEstimatorsReason() throws IOException {
    Path input = csv("y,id,t,d", "1,a,1,0", "2,a,2,0", "1,b,1,0", "2,b,2,0");

    assertThatThrownBy(() -> run(spec(input).build()))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("The model cannot be estimated on this data")
        .hasMessageContaining("no row is treated");
  }
}
