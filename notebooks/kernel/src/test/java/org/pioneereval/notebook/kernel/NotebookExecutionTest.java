package org.pioneereval.notebook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pioneereval.jobs.notebook.NotebookKernelHost;

/**
 * Notebooks executed headless by the real Jupyter ({@code jupyter nbconvert --execute}, Debian's
 * jupyter-nbconvert) through this kernel, started by Jupyter from a kernelspec as in production.
 */
class NotebookExecutionTest {

  private static final String KERNEL = "pioneer-eval-java-test";
  private static final Path WORK = Path.of("target", "notebook-execution").toAbsolutePath();

  @BeforeAll
  static void installKernelspecForThisTest() throws IOException, InterruptedException {
    requireJupyter();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    new KernelSpec(
            "Java (pioneer-eval test)",
            java,
            TestClasspath.get(),
            List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            Map.of())
        .writeTo(WORK.resolve("jupyter").resolve("kernels").resolve(KERNEL));
  }

  @Test
  void executesEveryCellAndKeepsValuesStreamsAndInlineCharts() throws Exception {
    Path notebook =
        notebook(
            "computed.ipynb",
            "int sites = 6 * 7;\nSystem.out.println(\"sites: \" + sites);\nsites",
            // a 2x2 DiD through the project's estimators: (15-10 + 16.5-12)/2 - (9-8 + 8.5-7)/2
            "import org.pioneereval.estimators.*;\n"
                + "var panel = PanelObservations.builder()\n"
                + "    .outcome(new double[] {10, 15, 12, 16.5, 8, 9, 7, 8.5})\n"
                + "    .unit(new int[] {0, 0, 1, 1, 2, 2, 3, 3})\n"
                + "    .time(new int[] {0, 1, 0, 1, 0, 1, 0, 1})\n"
                + "    .treatment(new double[] {0, 1, 0, 1, 0, 0, 0, 0})\n"
                + "    .cluster(new int[] {0, 0, 1, 1, 2, 2, 3, 3})\n"
                + "    .build();\n"
                + "var twfe = TwoWayFixedEffectsDid.withVariance(VarianceType.CR1_STATA).fit(panel);\n"
                + "String.format(Locale.ROOT, \"TWFE effect %.4f\", twfe.estimate())",
            "displaySvg(\"<svg xmlns='http://www.w3.org/2000/svg' width='20' height='10'>"
                + "<rect width='20' height='10'/></svg>\");\n"
                + "System.err.println(\"a warning\");\n"
                + "html(\"<table><tr><td>3.5</td></tr></table>\")");

    Execution run = execute(notebook);

    assertThat(run.exitCode()).as(run.log()).isZero();
    JsonArray cells = run.executed().getAsJsonArray("cells");
    assertThat(text(outputs(cells, 0), "stream", "text")).isEqualTo("sites: 42\n");
    assertThat(data(outputs(cells, 0), "execute_result", "text/plain")).isEqualTo("42");
    assertThat(data(outputs(cells, 1), "execute_result", "text/plain"))
        .isEqualTo("\"TWFE effect 3.5000\"");
    assertThat(data(outputs(cells, 2), "display_data", "image/svg+xml"))
        .startsWith("<svg xmlns='http://www.w3.org/2000/svg'");
    assertThat(text(outputs(cells, 2), "stream", "text")).isEqualTo("a warning\n");
    assertThat(data(outputs(cells, 2), "execute_result", "text/html"))
        .isEqualTo("<table><tr><td>3.5</td></tr></table>");
  }

  @Test
  void aCellThatThrowsFailsTheExecutionWithTheExceptionAndStopsThere() throws Exception {
    Path notebook =
        notebook(
            "throws.ipynb",
            "int runs = 0;",
            "if (runs == 0) {\n"
                + "  throw new IllegalStateException(\"No run in the lake: run the pipeline first\");\n"
                + "}",
            "System.out.println(\"not reached\");");

    Execution run = execute(notebook);

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.log())
        .contains("CellExecutionError")
        .contains("IllegalStateException: No run in the lake: run the pipeline first")
        .doesNotContain("not reached");
    assertThat(run.output()).doesNotExist();
  }

  @Test
  void aCellThatDoesNotCompileFailsTheExecution() throws Exception {
    Path notebook = notebook("does-not-compile.ipynb", "double effect = estimateOf(\"cost\");");

    Execution run = execute(notebook);

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.log())
        .contains("CompilationFailedException")
        .contains("cannot find symbol")
        .contains("estimateOf(java.lang.String)");
  }

  @Test
  void aKernelHostedInThisJvmRunsTheCellsHereAndLeavesOtherThreadsOutputOnTheJvmsStreams()
      throws Exception {
    Path notebook =
        notebook(
            "hosted.ipynb",
            "System.setProperty(\"pioneer.eval.hosted.test\", \"set by a cell\");\n"
                + "System.out.println(\"from the cell\");\n"
                + "var other = new Thread(() -> System.out.println(\"from another thread\"),"
                + " \"pipeline\");\n"
                + "other.start();\n"
                + "other.join();\n"
                + "ProcessHandle.current().pid()",
            "System.err.println(\"a warning\");\n6 * 7");
    Path out = Files.createDirectories(WORK.resolve("hosted"));
    Path log = WORK.resolve("hosted.log");
    PrintStream jvmOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    int exit;
    System.setOut(capture);
    try (NotebookKernelHost.HostedKernel kernel =
        new HostedKernels()
            .start(Files.createDirectories(WORK.resolve("hosted-runtime")), TestClasspath.get())) {
      exit =
          executeInOneKernel(
              out,
              log,
              Map.of(
                  NotebookKernelHost.CONNECTION_FILE_VARIABLE, kernel.connectionFile().toString()),
              notebook);
      assertThat(System.out).as("the JVM's stream is back after each cell").isSameAs(capture);
    } finally {
      System.setOut(jvmOut);
    }

    assertThat(exit).as(Files.readString(log)).isZero();
    JsonArray cells = json(out.resolve("hosted.ipynb")).getAsJsonArray("cells");
    assertThat(data(outputs(cells, 0), "execute_result", "text/plain"))
        .as("the cell ran in this JVM")
        .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    assertThat(System.getProperty("pioneer.eval.hosted.test")).isEqualTo("set by a cell");
    assertThat(text(outputs(cells, 0), "stream", "text")).isEqualTo("from the cell\n");
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .isEqualTo("from another thread" + System.lineSeparator());
    assertThat(text(outputs(cells, 1), "stream", "text")).isEqualTo("a warning\n");
    assertThat(data(outputs(cells, 1), "execute_result", "text/plain")).isEqualTo("42");
    assertThat(out.resolve("hosted.html")).isRegularFile();
  }

  // ---- helpers ----

  /** Runs execute_in_one_kernel.py on the notebooks with extra environment; its exit code. */
  private static int executeInOneKernel(
      Path out, Path log, Map<String, String> environment, Path... notebooks) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/bin/python3",
                Path.of("..", "execute_in_one_kernel.py").toAbsolutePath().normalize().toString(),
                out.toString(),
                KERNEL,
                "120",
                Path.of("..", "nbconvert").toAbsolutePath().normalize().toString()));
    for (Path notebook : notebooks) {
      command.add(notebook.toString());
    }
    ProcessBuilder script =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    script.environment().putAll(environment);
    Process process = script.start();
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("finished in 300 s").isTrue();
    return process.exitValue();
  }

  /** Fails (never skips) with the fix when Debian's Jupyter is not installed. */
  private static void requireJupyter() throws InterruptedException {
    String fix =
        "These tests execute notebooks with Jupyter's nbconvert. Install it with"
            + " scripts/setup-machine.sh notebooks (Debian: jupyter-nbconvert, jupyter-client).";
    try {
      Process version =
          new ProcessBuilder("jupyter", "nbconvert", "--version").redirectErrorStream(true).start();
      if (!version.waitFor(60, TimeUnit.SECONDS) || version.exitValue() != 0) {
        throw new AssertionError("'jupyter nbconvert --version' failed. " + fix);
      }
    } catch (IOException e) {
      throw new AssertionError("No 'jupyter' command on the PATH. " + fix, e);
    }
  }

  @Test
  void notebooksSharingOneKernelSeeNothingOfEachOtherButTheJvm() throws Exception {
    Path first =
        notebook(
            "first.ipynb",
            "int kept = 41;\nSystem.setProperty(\"pioneer.eval.reset.test\", \"kept by the JVM\");\n"
                + "kept + 1");
    Path second =
        notebook(
            "second.ipynb",
            "System.getProperty(\"pioneer.eval.reset.test\")",
            "List.of(\"default\", \"imports\").size()");
    Path third = notebook("third.ipynb", "kept");
    Path out = WORK.resolve("one-kernel");
    Files.createDirectories(out);
    Path log = WORK.resolve("one-kernel.log");
    int exit =
        executeInOneKernel(
            out,
            log,
            Map.of(
                "JUPYTER_PATH",
                WORK.resolve("jupyter").toString(),
                "JUPYTER_RUNTIME_DIR",
                WORK.resolve("runtime").toString()),
            first,
            second,
            third);
    String printed = Files.readString(log);

    assertThat(exit).as(printed).isZero();
    JsonArray firstCells = json(out.resolve("first.ipynb")).getAsJsonArray("cells");
    assertThat(data(outputs(firstCells, 0), "execute_result", "text/plain")).isEqualTo("42");
    JsonArray secondCells = json(out.resolve("second.ipynb")).getAsJsonArray("cells");
    assertThat(data(outputs(secondCells, 0), "execute_result", "text/plain"))
        .as("the JVM's state stays")
        .isEqualTo("\"kept by the JVM\"");
    assertThat(data(outputs(secondCells, 1), "execute_result", "text/plain")).isEqualTo("2");
    assertThat(secondCells.get(0).getAsJsonObject().get("execution_count").getAsInt())
        .as("each notebook counts its cells from 1")
        .isEqualTo(1);
    assertThat(out.resolve("first.html")).exists();
    assertThat(out.resolve("second.html")).exists();
    assertThat(out.resolve("third.failed"))
        .as("the variable of the first notebook is gone: " + printed)
        .exists();
    assertThat(out.resolve("third.html")).doesNotExist();
    assertThat(printed)
        .contains("execute: first executed in", "execute: second executed in")
        .contains("execute: third FAILED")
        .contains("cannot find symbol");
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  record Execution(int exitCode, String log, Path output) {
    JsonObject executed() throws IOException {
      return JsonParser.parseString(Files.readString(output)).getAsJsonObject();
    }
  }

  private static Execution execute(Path notebook) throws Exception {
    Path outputDir = WORK.resolve("executed");
    Files.createDirectories(outputDir);
    Path output = outputDir.resolve(notebook.getFileName());
    Files.deleteIfExists(output);
    Path log = WORK.resolve(notebook.getFileName() + ".log");
    ProcessBuilder nbconvert =
        new ProcessBuilder(
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.kernel_name=" + KERNEL,
                "--ExecutePreprocessor.timeout=120",
                "--output-dir",
                outputDir.toString(),
                notebook.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    nbconvert.environment().put("JUPYTER_PATH", WORK.resolve("jupyter").toString());
    nbconvert.environment().put("JUPYTER_RUNTIME_DIR", WORK.resolve("runtime").toString());
    Process process = nbconvert.start();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("nbconvert did not finish in 300 s: " + Files.readString(log));
    }
    return new Execution(process.exitValue(), Files.readString(log), output);
  }

  /** An nbformat 4.5 notebook with one code cell per source, for this test's kernel. */
  private static Path notebook(String name, String... sources) throws IOException {
    JsonArray cells = new JsonArray();
    for (int i = 0; i < sources.length; i++) {
      JsonObject cell = new JsonObject();
      cell.addProperty("cell_type", "code");
      cell.add("execution_count", null);
      cell.addProperty("id", "cell-" + i);
      cell.add("metadata", new JsonObject());
      cell.add("outputs", new JsonArray());
      cell.addProperty("source", sources[i]);
      cells.add(cell);
    }
    JsonObject kernelspec = new JsonObject();
    kernelspec.addProperty("name", KERNEL);
    kernelspec.addProperty("display_name", "Java (pioneer-eval test)");
    kernelspec.addProperty("language", "java");
    JsonObject metadata = new JsonObject();
    metadata.add("kernelspec", kernelspec);
    JsonObject notebook = new JsonObject();
    notebook.add("cells", cells);
    notebook.add("metadata", metadata);
    notebook.addProperty("nbformat", 4);
    notebook.addProperty("nbformat_minor", 5);
    Path file = WORK.resolve("notebooks").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, notebook.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private static List<JsonObject> outputs(JsonArray cells, int cell) {
    List<JsonObject> outputs = new ArrayList<>();
    cells
        .get(cell)
        .getAsJsonObject()
        .getAsJsonArray("outputs")
        .forEach(o -> outputs.add(o.getAsJsonObject()));
    return outputs;
  }

  /** A field of the first output of a type, multi-line strings joined as nbformat stores them. */
  private static String text(List<JsonObject> outputs, String type, String field) {
    return outputs.stream()
        .filter(o -> o.get("output_type").getAsString().equals(type))
        .findFirst()
        .map(o -> joined(o.get(field)))
        .orElseThrow(() -> new AssertionError("no " + type + " output in " + outputs));
  }

  private static String data(List<JsonObject> outputs, String type, String mime) {
    return outputs.stream()
        .filter(o -> o.get("output_type").getAsString().equals(type))
        .filter(o -> o.getAsJsonObject("data").has(mime))
        .findFirst()
        .map(o -> joined(o.getAsJsonObject("data").get(mime)))
        .orElseThrow(() -> new AssertionError("no " + type + " with " + mime + " in " + outputs));
  }

  private static String joined(JsonElement value) {
    if (value.isJsonArray()) {
      List<String> parts = new ArrayList<>();
      value.getAsJsonArray().forEach(p -> parts.add(p.getAsString()));
      return parts.stream().collect(Collectors.joining());
    }
    return value.getAsString();
  }
}
