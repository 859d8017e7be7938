package org.pioneereval.jobs.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.pioneereval.jobs.cli.PioneerEvalCommand;

/**
 * {@code pioneer-eval did} through the command line: options, printed table, JSON file and exit
 * codes. Each run closes the Spark session it was given, so the shared test session is rebuilt
 * afterwards (see SparkTestSession).
 */
@Isolated
class DidCommandTest {

  @TempDir Path temp;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = PioneerEvalCommand.execute(args);
      return new Run(
          code,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void hospddTwfeWithBootstrapPrintsAndWritesTheStataNumbers() throws IOException {
    Path json = temp.resolve("out/hospdd.json");

    Run r =
        run(
            "did",
            "--input",
            DidReferenceTest.HOSPDD.toString(),
            "--outcome",
            "satis",
            "--unit",
            "hospital",
            "--time",
            "month",
            "--treatment",
            "proc",
            "--variance",
            "CR1_STATA",
            "--bootstrap-draws",
            "999",
            "--seed",
            "11",
            "--ri-permutations",
            "199",
            "--json",
            json.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("did: twfe on")
        .contains("7,368 rows used of 7,368 read")
        .contains("46 clusters (hospital), 18 treated units")
        .contains("ATT (TWFE)      0.8479879    0.0321121     26.41")
        .contains("wild cluster bootstrap-t (restricted, WEBB weights, 999 draws, seed 11)")
        .contains("randomisation inference (199 permutations of 46 clusters, 18 treated, seed 11)");
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    JsonNode effect = root.get(DidJson.EFFECT);
    assertThat(effect.get(DidJson.ESTIMATE).asDouble()).isCloseTo(.8479879, within(5e-8));
    assertThat(effect.get(DidJson.STD_ERROR).asDouble()).isCloseTo(.0321121, within(5e-8));
    assertThat(effect.get(DidJson.T_STATISTIC).asDouble()).isCloseTo(26.41, within(0.005));
    assertThat(effect.get(DidJson.P_VALUE).asDouble()).isLessThan(1e-20);
    assertThat(effect.get(DidJson.CI_LOWER).asDouble()).isCloseTo(.7833108, within(5e-8));
    assertThat(effect.get(DidJson.CI_UPPER).asDouble()).isCloseTo(.912665, within(5e-7));
    assertThat(effect.get(DidJson.DEGREES_OF_FREEDOM).asDouble()).isEqualTo(45.0);
    assertThat(effect.get(DidJson.N_OBSERVATIONS).asLong()).isEqualTo(7368);
    assertThat(effect.get(DidJson.N_CLUSTERS).asInt()).isEqualTo(46);
    JsonNode spec = root.get(DidJson.SPECIFICATION);
    assertThat(spec.get("estimator").asText()).isEqualTo("twfe");
    assertThat(spec.get("format").asText()).isEqualTo("csv");
    assertThat(spec.get("outcome").asText()).isEqualTo("satis");
    assertThat(spec.get("treatment").asText()).isEqualTo("proc");
    assertThat(spec.get("cohort").isNull()).isTrue();
    assertThat(spec.get("cluster").asText()).isEqualTo("hospital");
    assertThat(spec.get("variance").asText()).isEqualTo("CR1_STATA");
    assertThat(spec.get("bootstrap_draws").asInt()).isEqualTo(999);
    assertThat(spec.get("seed").asLong()).isEqualTo(11);
    JsonNode bootstrap = root.get(DidJson.WILD_CLUSTER_BOOTSTRAP);
    assertThat(bootstrap.get("weights").asText()).isEqualTo("WEBB");
    assertThat(bootstrap.get("draws").asInt()).isEqualTo(999);
    // t = 26: no bootstrap draw comes close, so p is the smallest value 999 draws can give
    assertThat(bootstrap.get(DidJson.P_VALUE).asDouble()).isLessThan(0.01);
    assertThat(root.get(DidJson.RANDOMIZATION_INFERENCE).get(DidJson.P_VALUE).asDouble())
        .isEqualTo(1.0 / 200.0);
    assertThat(root.get(DidJson.DATA).get("rows_used").asLong()).isEqualTo(7368);
    assertThat(root.has(DidJson.EVENT_STUDY)).isFalse();
  }

  @Test
  void aMissingColumnExitsWithFourNamingTheColumnAndTheAvailableOnes() {
    Run r =
        run(
            "did",
            "--input",
            DidReferenceTest.HOSPDD.toString(),
            "--outcome",
            "satisfaction",
            "--unit",
            "hospital",
            "--time",
            "month",
            "--treatment",
            "proc");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err())
        .contains("Column 'satisfaction' given to --outcome is not in the input")
        .contains("[hospital, frequency, month, procedure, satis, proc]");
  }

  @Test
  void anOptionOfAnotherEstimatorIsAnErrorBeforeAnyDataIsRead() {
    Run r =
        run(
            "did",
            "--input",
            DidReferenceTest.HOSPDD.toString(),
            "--outcome",
            "satis",
            "--unit",
            "hospital",
            "--time",
            "month",
            "--treatment",
            "proc",
            "--window=-3:2");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("Option --window does not apply to --estimator twfe");
  }
}
