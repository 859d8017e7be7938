package org.pioneereval.jobs.notebook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The pipeline's last stage: executes every result notebook ({@code notebooks/*.ipynb}) headless
 * against one run and stores each executed notebook and its HTML beside the run's report, in {@code
 * <reports>/<run id>/notebooks/}. These are the notebooks analysts open.
 *
 * <p>The work is done by {@code notebooks/execute.sh} (the same script a user runs by hand):
 * Jupyter (nbclient) executes the notebooks one after another in one kernel of the project's Java
 * kernel and converts each to HTML that opens offline. When the kernel's jar is on this JVM's
 * classpath (the launcher's runs) the kernel runs inside this JVM ({@link NotebookKernelHost}): the
 * cells use the run's warm JVM and Spark session, and no second JVM competes for the machine.
 * Otherwise Jupyter starts the kernel as a process from its kernelspec. A failing cell fails the
 * stage with the notebook's name and log; the run's results and report are already written then.
 *
 * <p>The notebooks folder comes from {@code --notebooks} / the nightly configuration, or by default
 * from the {@value #HOME_PROPERTY} system property that the {@code ./pioneer-eval} launcher sets to
 * the checkout. Without either (e.g. under {@code spark-submit} on a cluster, where the driver has
 * no Jupyter), the stage is not run and the pipeline says so.
 */
public final class ResultNotebooksJob {

  /** Set by the launcher to the checkout's root folder. */
  public static final String HOME_PROPERTY = "pioneer.eval.home";

  /** The option value that turns the stage off. */
  public static final String NONE = "none";

  /** Sub-folder of a run's report folder holding the executed notebooks. */
  public static final String OUTPUT_FOLDER = "notebooks";

  /**
   * Value of {@value NotebookKernelHost#CONNECTION_FILE_VARIABLE} that makes the stage start a
   * kernel process even when it could host one (to compare the two, or to keep notebook cells out
   * of the pipeline's JVM).
   */
  public static final String HOSTED_KERNEL_OFF = "process";

  private static final String EXECUTE_SCRIPT = "execute.sh";

  /** Tells notebooks/install-kernel.sh to use the built jars as they are. */
  static final String NO_BUILD_VARIABLE = "PIONEER_EVAL_NO_BUILD";

  private final Path notebooksFolder;
  private final Path lake;
  private final String runId;
  private final Path outputFolder;
  private final Supplier<Optional<NotebookKernelHost>> kernelHost;

  private ResultNotebooksJob(
      Path notebooksFolder,
      Path lake,
      String runId,
      Path outputFolder,
      Supplier<Optional<NotebookKernelHost>> kernelHost) {
    this.kernelHost = kernelHost;
    this.notebooksFolder = notebooksFolder;
    this.lake = lake;
    this.runId = runId;
    this.outputFolder = outputFolder;
  }

  /**
   * The notebooks to execute: the folder named by an option value, nothing for {@value #NONE}, or
   * the launcher's checkout when the option is not given.
   *
   * @throws org.pioneereval.jobs.runtime.PioneerEvalException when a named folder has no {@code
   *     execute.sh}
   */
  public static Optional<Path> folder(String optionValue) {
    if (optionValue == null || optionValue.isBlank()) {
      return Optional.ofNullable(System.getProperty(HOME_PROPERTY))
          .map(home -> Path.of(home).resolve("notebooks").toAbsolutePath().normalize())
          .filter(folder -> Files.isRegularFile(folder.resolve(EXECUTE_SCRIPT)));
    }
    if (NONE.equalsIgnoreCase(optionValue.strip())) {
      return Optional.empty();
    }
    Path folder = Path.of(optionValue.strip()).toAbsolutePath().normalize();
    if (!Files.isRegularFile(folder.resolve(EXECUTE_SCRIPT))) {
      throw PipelineErrors.notebooksFolderMissing(folder);
    }
    return Optional.of(folder);
  }

  /** Executes the notebooks in {@code notebooksFolder} against {@code runId} of a local lake. */
  public static ResultNotebooksJob create(
      Path notebooksFolder, Path lake, String runId, Path reportsRoot) {
    return new ResultNotebooksJob(
        notebooksFolder,
        lake.toAbsolutePath().normalize(),
        runId,
        reportsRoot.toAbsolutePath().normalize().resolve(runId).resolve(OUTPUT_FOLDER),
        NotebookKernelHost::onClasspath);
  }

  /** The executed notebooks of a run: the output folder and each notebook's HTML. */
  public record ExecutedNotebooks(Path folder, List<Path> html) {}

  /**
   * Executes the notebooks: in a kernel hosted by this JVM when the notebook kernel is on the
   * classpath (the launcher's runs), else, or when that kernel cannot start, in a kernel process
   * that Jupyter starts.
   */
  public ExecutedNotebooks execute() {
    Optional<NotebookKernelHost> host =
        HOSTED_KERNEL_OFF.equals(System.getenv(NotebookKernelHost.CONNECTION_FILE_VARIABLE))
            ? Optional.empty()
            : kernelHost.get();
    if (host.isEmpty()) {
      return executeScript(Optional.empty());
    }
    Path runtime = null;
    NotebookKernelHost.HostedKernel kernel = null;
    try {
      runtime = Files.createTempDirectory("pioneer-eval-kernel");
      kernel = host.get().start(runtime);
    } catch (Exception | LinkageError e) {
      System.err.println(
          "notebooks: could not start the notebook kernel in this JVM ("
              + e
              + "); Jupyter starts a kernel JVM instead");
      deleteQuietly(runtime);
      return executeScript(Optional.empty());
    }
    try {
      NotebookParameters.hostRun(new NotebookParameters(lake, Optional.of(runId)));
      return executeScript(Optional.of(kernel.connectionFile()));
    } finally {
      NotebookParameters.hostRun(null);
      kernel.close();
      deleteQuietly(runtime);
    }
  }

  /**
   * The same stage with another way of finding a kernel host than {@link
   * NotebookKernelHost#onClasspath()}: {@code Optional::empty} always starts a kernel process.
   */
  ResultNotebooksJob withKernelHost(Supplier<Optional<NotebookKernelHost>> host) {
    return new ResultNotebooksJob(notebooksFolder, lake, runId, outputFolder, host);
  }

  private ExecutedNotebooks executeScript(Optional<Path> hostedConnection) {
    List<String> lines = new ArrayList<>();
    int exit;
    try {
      Files.createDirectories(outputFolder);
      ProcessBuilder script =
          new ProcessBuilder(
                  notebooksFolder.resolve(EXECUTE_SCRIPT).toString(),
                  lake.toString(),
                  runId,
                  outputFolder.toString())
              .redirectErrorStream(true);
      // the kernel runs this run's jars: never rebuild them under a running pipeline
      script.environment().put(NO_BUILD_VARIABLE, "1");
      hostedConnection.ifPresentOrElse(
          file ->
              script
                  .environment()
                  .put(NotebookKernelHost.CONNECTION_FILE_VARIABLE, file.toString()),
          () -> script.environment().remove(NotebookKernelHost.CONNECTION_FILE_VARIABLE));
      Process process = script.start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
          if (line.startsWith("execute: ")) {
            System.err.println("notebooks: " + line.substring("execute: ".length()));
          }
        }
      }
      exit = process.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + notebooksFolder.resolve(EXECUTE_SCRIPT), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while executing the result notebooks", e);
    }
    if (exit == 1) {
      throw PipelineErrors.notebooksFailed(failedNotebooks(lines), outputFolder, lastLines(lines));
    }
    if (exit != 0) {
      throw PipelineErrors.notebooksNotRun(exit, outputFolder, lastLines(lines));
    }
    return new ExecutedNotebooks(outputFolder, htmlFiles());
  }

  private static void deleteQuietly(Path folder) {
    if (folder == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover connection file in the temporary folder is harmless
    }
  }

  private List<Path> htmlFiles() {
    try (Stream<Path> files = Files.list(outputFolder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".html")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names from execute.sh's closing line "execute: N notebook(s) failed: a b". */
  private static List<String> failedNotebooks(List<String> lines) {
    String marker = "notebook(s) failed: ";
    for (int i = lines.size() - 1; i >= 0; i--) {
      int at = lines.get(i).indexOf(marker);
      if (at >= 0) {
        return List.of(lines.get(i).substring(at + marker.length()).strip().split(" "));
      }
    }
    return List.of("(unnamed)");
  }

  private static String lastLines(List<String> lines) {
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
  }
}
