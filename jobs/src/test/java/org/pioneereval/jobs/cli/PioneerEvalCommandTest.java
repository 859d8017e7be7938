package org.pioneereval.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.pioneereval.jobs.runtime.ExitCode;

/**
 * The command line's contract with schedulers and people: exit codes and messages. Commands print
 * to {@link System#out} and {@link System#err} (picocli creates its writers on first use), so the
 * streams are redirected around each test.
 *
 * <p>Runs last ({@code @Order}, see junit-platform.properties): a command closes the Spark session
 * it ran with, which in a test JVM is the shared one; {@code SparkTestSession} would rebuild it,
 * but running last avoids paying for that.
 */
@Isolated
@Order(Integer.MAX_VALUE)
class PioneerEvalCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void captureConsole() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreConsole() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void helpOfASubcommandExitsZeroAndDescribesItsOptions() {
    int code = PioneerEvalCommand.execute("ingest", "--help");

    assertThat(code).isEqualTo(ExitCode.SUCCESS.code());
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Usage: pioneer-eval ingest")
        .contains("--data")
        .contains("--lake");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    int code = PioneerEvalCommand.execute("ingest", "--no-such-option");

    assertThat(code).isEqualTo(ExitCode.USAGE.code()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--no-such-option");
  }

  @Test
  void aDataFolderWithoutDropsIsAnInputErrorNamingThePath(@TempDir Path work) {
    Path missing = work.resolve("no-such-extracts");

    int code =
        PioneerEvalCommand.execute(
            "ingest", "--data", missing.toString(), "--lake", work.resolve("lake").toString());

    assertThat(code).isEqualTo(ExitCode.INPUT_ERROR.code()).isEqualTo(4);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("pioneer-eval: No extract drops found under " + missing.resolve("drops"))
        .contains("--data")
        .doesNotContain("internal error")
        .doesNotContain("Exception");
  }

  /**
   * The missing folder is found before Spark starts: with a master URL Spark cannot parse, a
   * command that started Spark would fail with Spark's error instead of the input error.
   */
  @Test
  void aMissingDataFolderFailsBeforeSparkStarts(@TempDir Path work) {
    Path missing = work.resolve("no-such-extracts");

    int code =
        PioneerEvalCommand.execute(
            "ingest",
            "--data",
            missing.toString(),
            "--lake",
            work.resolve("lake").toString(),
            "--master",
            "no-such-master://nowhere");

    assertThat(code).isEqualTo(ExitCode.INPUT_ERROR.code());
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("No extract drops found under " + missing.resolve("drops"))
        .doesNotContain("no-such-master")
        .doesNotContain("Exception");
    assertThat(work.resolve("lake")).doesNotExist();
  }
}
