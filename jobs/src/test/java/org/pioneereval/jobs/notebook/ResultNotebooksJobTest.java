package org.pioneereval.jobs.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.pioneereval.jobs.runtime.ExitCode;
import org.pioneereval.jobs.runtime.PioneerEvalException;

/**
 * The notebooks stage's contract with {@code notebooks/execute.sh}: arguments, output folder and
 * how its exit codes become results or errors. A stand-in script replaces Jupyter here; the real
 * notebooks are executed by the kernel module's ResultNotebooksIT on the demo.
 */
@Isolated
class ResultNotebooksJobTest {

  @TempDir Path work;

  @Test
  void executesTheScriptWithLakeRunAndTheRunsReportFolderAndListsTheHtml() throws IOException {
    Path folder =
        script(
            "echo \"$1|$2|$3|$PIONEER_EVAL_NO_BUILD\" > \"$3/arguments.txt\"\n"
                + "touch \"$3/01-results-overview.html\" \"$3/01-results-overview.ipynb\"\n"
                + "echo 'execute: 01-results-overview executed in 3 s'\n");

    ResultNotebooksJob.ExecutedNotebooks executed =
        ResultNotebooksJob.create(folder, work.resolve("lake"), "run-1", work.resolve("reports"))
            .execute();

    Path expected = work.resolve("reports").resolve("run-1").resolve("notebooks");
    assertThat(executed.folder()).isEqualTo(expected);
    assertThat(executed.html()).containsExactly(expected.resolve("01-results-overview.html"));
    assertThat(Files.readString(expected.resolve("arguments.txt")).strip())
        .isEqualTo(work.resolve("lake") + "|run-1|" + expected + "|1");
  }

  @Test
  void aKernelHostedInThisJvmGetsTheRunAndIsHandedToTheScriptThenClosed() throws IOException {
    Path folder = script("echo \"$PIONEER_EVAL_KERNEL_CONNECTION_FILE\" > \"$3/connection.txt\"\n");
    List<String> events = new ArrayList<>();
    NotebookKernelHost host =
        runtime ->
            new NotebookKernelHost.HostedKernel() {
              @Override
              public Path connectionFile() {
                events.add("run seen by the notebooks: " + NotebookParameters.fromEnvironment());
                return runtime.resolve("kernel.json");
              }

              @Override
              public void close() {
                events.add("closed");
              }
            };

    ResultNotebooksJob.create(folder, work.resolve("lake"), "run-4", work.resolve("reports"))
        .withKernelHost(() -> Optional.of(host))
        .execute();

    Path out = work.resolve("reports").resolve("run-4").resolve("notebooks");
    Path connection = Path.of(Files.readString(out.resolve("connection.txt")).strip());
    assertThat(connection.getFileName()).hasToString("kernel.json");
    assertThat(connection.getParent()).as("the temporary folder is removed").doesNotExist();
    assertThat(events)
        .containsExactly(
            "run seen by the notebooks: "
                + new NotebookParameters(work.resolve("lake"), Optional.of("run-4")),
            "closed");
    assertThat(NotebookParameters.fromEnvironment())
        .as("after the stage, notebooks read their environment again")
        .isEqualTo(NotebookParameters.fromVariables(System.getenv(), Path.of("")));
  }

  @Test
  void aKernelThatCannotStartInThisJvmLeavesTheNotebooksToAKernelProcess() throws IOException {
    Path folder =
        script(
            "echo \"[${PIONEER_EVAL_KERNEL_CONNECTION_FILE:-}]\" > \"$3/connection.txt\"\n"
                + "touch \"$3/01-results-overview.html\"\n");
    NotebookKernelHost failing =
        runtime -> {
          throw new java.net.BindException("Address already in use");
        };

    ResultNotebooksJob.ExecutedNotebooks executed =
        ResultNotebooksJob.create(folder, work.resolve("lake"), "run-5", work.resolve("reports"))
            .withKernelHost(() -> Optional.of(failing))
            .execute();

    assertThat(Files.readString(executed.folder().resolve("connection.txt")).strip())
        .isEqualTo("[]");
    assertThat(executed.html()).hasSize(1);
  }

  @Test
  void aFailingNotebookIsNamedWithWhereItsLogIs() throws IOException {
    Path folder =
        script(
            "echo 'execute: 02-site-drill-down FAILED after 9 s; its log: x.log'\n"
                + "echo 'execute: 1 notebook(s) failed: 02-site-drill-down'\n"
                + "exit 1\n");

    assertThatThrownBy(
            () ->
                ResultNotebooksJob.create(folder, work, "run-2", work.resolve("reports")).execute())
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("Result notebook(s) 02-site-drill-down failed against this run")
        .hasMessageContaining("The results and the report are written")
        .hasMessageContaining(work.resolve("reports/run-2/notebooks").toString())
        .satisfies(
            e ->
                assertThat(((PioneerEvalException) e).exitCode())
                    .isEqualTo(ExitCode.INTERNAL_ERROR));
  }

  @Test
  void aMissingJupyterIsAnInputErrorSayingHowToInstallItOrSkip() throws IOException {
    Path folder = script("echo 'install-kernel: jupyter not found' >&2\nexit 4\n");

    assertThatThrownBy(
            () ->
                ResultNotebooksJob.create(folder, work, "run-3", work.resolve("reports")).execute())
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("execute.sh exited with 4")
        .hasMessageContaining("install-kernel: jupyter not found")
        .hasMessageContaining("scripts/setup-machine.sh notebooks")
        .hasMessageContaining("--notebooks none");
  }

  @Test
  void theFolderComesFromTheOptionNoneOrTheLaunchersCheckout() throws IOException {
    Path folder = script("exit 0\n");
    assertThat(ResultNotebooksJob.folder(folder.toString())).contains(folder);
    assertThat(ResultNotebooksJob.folder("none")).isEmpty();
    assertThatThrownBy(() -> ResultNotebooksJob.folder(work.resolve("elsewhere").toString()))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("has no notebooks/execute.sh")
        .hasMessageContaining("or set it to `none` to skip them");

    String before = System.getProperty(ResultNotebooksJob.HOME_PROPERTY);
    try {
      System.setProperty(ResultNotebooksJob.HOME_PROPERTY, folder.getParent().toString());
      assertThat(ResultNotebooksJob.folder(null)).contains(folder);
      System.clearProperty(ResultNotebooksJob.HOME_PROPERTY);
      assertThat(ResultNotebooksJob.folder(null)).isEmpty();
    } finally {
      if (before != null) {
        System.setProperty(ResultNotebooksJob.HOME_PROPERTY, before);
      }
    }
  }

  /** A checkout's notebooks/ folder whose execute.sh runs {@code body}. */
  private Path script(String body) throws IOException {
    Path folder = work.resolve("checkout").resolve("notebooks");
    Files.createDirectories(folder);
    Path script = folder.resolve("execute.sh");
    Files.writeString(script, "#!/usr/bin/env bash\nset -eu\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return folder;
  }
}
