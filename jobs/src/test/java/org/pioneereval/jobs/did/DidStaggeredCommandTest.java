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
 * {@code pioneer-eval did} with the staggered-adoption estimators through the command line: R did's
 * mpdta example with {@code --estimator cs} and the bacondecomp castle-doctrine example with {@code
 * --estimator bacon} (src/test/resources/reference/&lt;name&gt;/README.md), printed tables and
 * JSON.
 */
@Isolated
class DidStaggeredCommandTest {
  static final Path MPDTA = Path.of("src/test/resources/reference/mpdta/data.csv");
  static final Path CASTLE = Path.of("src/test/resources/reference/castle_doctrine/data.csv");

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
  void callawaySantAnnaOnMpdtaPrintsAndWritesDidsSimpleAttAndAnalyticSe() throws IOException {
    Path json = temp.resolve("cs.json");

    Run r =
        run(
            "did",
            "--input",
            MPDTA.toString(),
            "--estimator",
            "cs",
            "--outcome",
            "lemp",
            "--unit",
            "countyreal",
            "--time",
            "year",
            "--cohort",
            "first_treat",
            "--aggregation",
            "simple",
            "--json",
            json.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("did: cs on")
        .contains("2,500 rows used of 2,500 read")
        .contains("500 units, 5 periods")
        .contains(
            "Callaway & Sant'Anna: control group never, base period varying, anticipation 0,"
                + " est. method dr, sampling panel")
        .contains("n = 500 units")
        // ATT(2004,2004) of the did README and its analytic SE
        .contains("    2004     2004     2003   -0.0105032    0.0232510")
        .contains("ATT            -0.0399513    0.0120340     -3.32   0.0009")
        .contains("chi2(5) = 7.7912, p = 0.16812");
    JsonNode cs = new ObjectMapper().readTree(json.toFile()).get(DidJson.CALLAWAY_SANT_ANNA);
    JsonNode overall = cs.get(DidJson.AGGREGATION).get(DidJson.OVERALL);
    assertThat(overall.get(DidJson.ESTIMATE).asDouble()).isCloseTo(-0.0399512752, within(5e-11));
    assertThat(overall.get(DidJson.STD_ERROR).asDouble()).isCloseTo(0.0120340128, within(5e-11));
    assertThat(cs.get(DidJson.ATT_GT)).hasSize(12);
    assertThat(cs.get("n").asInt()).isEqualTo(500);
    assertThat(cs.get(DidJson.PRE_TEST).get(DidJson.P_VALUE).asDouble())
        .isCloseTo(0.16812, within(5e-6));
    JsonNode spec = new ObjectMapper().readTree(json.toFile()).get(DidJson.SPECIFICATION);
    assertThat(spec.get("estimator").asText()).isEqualTo("cs");
    assertThat(spec.get("control_group").asText()).isEqualTo("never");
    assertThat(spec.get("est_method").asText()).isEqualTo("dr");
    assertThat(spec.has("variance")).isFalse();
  }

  @Test
  void goodmanBaconOnCastleDoctrinePrintsTheTwfeEstimateAndItsComparisons() throws IOException {
    Path json = temp.resolve("bacon.json");

    Run r =
        run(
            "did",
            "--input",
            CASTLE.toString(),
            "--estimator",
            "bacon",
            "--outcome",
            "l_homicide",
            "--unit",
            "state",
            "--time",
            "year",
            "--treatment",
            "post",
            "--json",
            json.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("550 rows used of 550 read")
        .contains("Goodman-Bacon decomposition of the TWFE estimate 0.0818116 into 25 2x2")
        .contains("treated vs never treated        0.9083386     0.08796249")
        .contains("earlier vs later treated        0.0597633    -0.00554198")
        .contains("later vs earlier treated        0.0318982     0.07032063")
        // "almost 60 percent of the weight: states treated in 2006 vs never treated"
        .contains("    2006  never       treated vs never treated      0.0682359    0.5923947");
    JsonNode bacon = new ObjectMapper().readTree(json.toFile()).get(DidJson.GOODMAN_BACON);
    assertThat(bacon.get(DidJson.TWFE_ESTIMATE).asDouble())
        .isCloseTo(0.0818116169306475, within(1e-12));
    assertThat(bacon.get(DidJson.COMPARISONS)).hasSize(25);
    double total = 0;
    for (JsonNode t : bacon.get(DidJson.BY_TYPE)) {
      total += t.get(DidJson.WEIGHT).asDouble();
      if (t.get("type").asText().equals("LATER_VS_EARLIER_TREATED")) {
        assertThat(t.get(DidJson.WEIGHT).asDouble()).isCloseTo(0.0318982, within(5e-8));
        assertThat(t.get("average_estimate").asDouble()).isCloseTo(0.07032063, within(5e-9));
      }
    }
    assertThat(total).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void aCallawaySantAnnaOptionWithAnotherEstimatorIsAnErrorBeforeAnyDataIsRead() {
    Run r =
        run(
            "did",
            "--input",
            MPDTA.toString(),
            "--estimator",
            "twfe",
            "--outcome",
            "lemp",
            "--unit",
            "countyreal",
            "--time",
            "year",
            "--cohort",
            "first_treat",
            "--control-group",
            "not-yet");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err())
        .contains("Option --control-group does not apply to --estimator twfe")
        .contains("belong to cs");
  }

  @Test
  void anUnknownControlGroupNamesTheAcceptedValues() {
    Run r =
        run(
            "did",
            "--input",
            MPDTA.toString(),
            "--estimator",
            "cs",
            "--outcome",
            "lemp",
            "--unit",
            "countyreal",
            "--time",
            "year",
            "--cohort",
            "first_treat",
            "--control-group",
            "notyettreated");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err())
        .contains("Cannot read --control-group 'notyettreated'")
        .contains("never, not-yet");
  }
}
