package org.pioneereval.notebook.kernel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;

/**
 * The Java kernel of the result notebooks: JJava's Jupyter protocol implementation ({@link
 * BaseKernel}: channels, execute/complete/inspect/interrupt requests, stdout and stderr as stream
 * messages, display data) over a JShell that runs cells in this JVM ({@link JShellEvaluator}).
 *
 * <p>A cell's last expression is its result ({@code text/plain}, plus HTML or SVG by {@link
 * RichOutput}'s convention); {@link Display} shows further outputs. A cell that fails is reported
 * as a Jupyter error (the exception's class, message and the cell's frames) with an error reply, so
 * {@code jupyter nbconvert --execute} stops and exits non-zero.
 */
public final class JavaNotebookKernel extends BaseKernel {

  /** The kernel's name in kernel_info replies and banners. */
  public static final String NAME = "pioneer-eval-java";

  /**
   * A cell of only this magic gives the notebook a fresh JShell, as if the kernel had restarted:
   * every variable, method and import of earlier cells is gone. Unlike a restart, the JVM stays,
   * with its loaded classes, compiled code and the Spark session ({@code NotebookSpark.session()}
   * returns the same one). The notebooks stage sends it between notebooks it runs in one kernel.
   */
  public static final String RESET_MAGIC = "%reset";

  private final String classpath;
  private final boolean hosted;
  private volatile JShellEvaluator evaluator;

  private JavaNotebookKernel(Builder builder, String classpath, boolean hosted) {
    super(
        builder.kernelName(),
        builder.kernelVersion(),
        languageInfo(),
        List.of(new HelpLink("JShell", "https://docs.oracle.com/en/java/javase/17/jshell/")),
        null,
        builder.jupyterIO(),
        builder.commManager(),
        builder.renderer(),
        null,
        builder.magics(),
        false,
        builder.errorStyler());
    this.classpath = classpath;
    this.hosted = hosted;
    this.evaluator = builder.evaluator;
  }

  /**
   * A kernel whose cells compile against {@code classpath} (normally this JVM's own classpath, so
   * that compiled snippets and the kernel see the same classes).
   */
  public static JavaNotebookKernel start(String classpath) {
    return start(classpath, false);
  }

  /**
   * A kernel as {@link #start(String)}, for a JVM that does other work beside it ({@code hosted}:
   * the pipeline's, see {@link HostedKernels}). During a cell, output written by the cell's thread
   * goes to the notebook and output of every other thread to the JVM's own standard streams; a
   * kernel of its own JVM sends all of it to the notebook, as JJava does.
   */
  static JavaNotebookKernel start(String classpath, boolean hosted) {
    Builder builder = new Builder(JShellEvaluator.start(classpath), classpath);
    JavaNotebookKernel kernel = new JavaNotebookKernel(builder, classpath, hosted);
    kernel.onStartup();
    return kernel;
  }

  @Override
  protected void replaceOutputStreams(ShellReplyEnvironment env) {
    if (!hosted) {
      super.replaceOutputStreams(env);
      return;
    }
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(CellOutput.routing(io.out, out));
    System.setErr(CellOutput.routing(io.err, err));
    env.defer(
        () -> {
          System.setOut(out);
          System.setErr(err);
        });
  }

  private static LanguageInfo languageInfo() {
    return new LanguageInfo(
        "java",
        Runtime.version().toString(),
        "text/x-java-source",
        ".jshell",
        "java",
        "text/x-java",
        null);
  }

  @Override
  public Object evalRaw(String source) {
    if (resetRequested(source)) {
      return null;
    }
    return evaluator.eval(source).orElse(null);
  }

  @Override
  public DisplayData eval(String source) {
    if (resetRequested(source)) {
      return null;
    }
    Optional<JShellEvaluator.CellValue> value = evaluator.eval(source);
    return value.map(v -> RichOutput.render(v.value(), v.text())).orElse(null);
  }

  /** Handles {@link #RESET_MAGIC}: true when {@code source} was that magic, now carried out. */
  private boolean resetRequested(String source) {
    if (!source.strip().equals(RESET_MAGIC)) {
      return false;
    }
    JShellEvaluator previous = evaluator;
    evaluator = JShellEvaluator.start(classpath);
    previous.close();
    return true;
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    List<SourceCodeAnalysis.Documentation> docs = evaluator.documentation(code, at);
    if (docs == null || docs.isEmpty()) {
      return null;
    }
    return new DisplayData(
        docs.stream()
            .map(d -> d.javadoc() == null ? d.signature() : d.signature() + "\n" + d.javadoc())
            .collect(Collectors.joining("\n\n")));
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    int[] anchor = new int[1];
    List<SourceCodeAnalysis.Suggestion> suggestions = evaluator.complete(code, at, anchor);
    if (suggestions == null || suggestions.isEmpty()) {
      return null;
    }
    List<String> options =
        suggestions.stream()
            .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType()))
            .map(SourceCodeAnalysis.Suggestion::continuation)
            .distinct()
            .collect(Collectors.toList());
    return new ReplacementOptions(options, anchor[0], at);
  }

  @Override
  public String isComplete(String code) {
    return switch (evaluator.completeness(code)) {
      case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
      case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
      case UNKNOWN -> IS_COMPLETE_BAD;
    };
  }

  @Override
  public void interrupt() {
    evaluator.interrupt();
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    super.onShutdown(isRestarting);
    evaluator.close();
  }

  /**
   * The traceback shown under a failed cell: for {@link CellFailedException}s the message (the
   * compiler's diagnostics, what was interrupted); for the cell's own exceptions the stack trace
   * without the kernel's frames, causes included.
   */
  @Override
  public List<String> formatError(Throwable e) {
    List<String> lines = new ArrayList<>();
    if (e instanceof CellFailedException
        && !(e instanceof CellFailedException.CellErrorException)) {
      lines.add(errorStyler.secondary(e.getClass().getSimpleName() + ":"));
      lines.addAll(errorStyler.primaryLines(e.getMessage()));
      return lines;
    }
    Throwable shown = e instanceof CellFailedException.CellErrorException ? e.getCause() : e;
    for (String line : cellStackTrace(shown).split("\n")) {
      lines.add(
          line.startsWith("\t") || line.startsWith("    ")
              ? errorStyler.primary(line)
              : errorStyler.secondary(line));
    }
    return lines;
  }

  /** The stack trace of an exception thrown by a cell, causes included. */
  static String cellStackTrace(Throwable thrown) {
    StringBuilder out = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String prefix = "";
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      out.append(prefix).append(t).append('\n');
      for (StackTraceElement frame : t.getStackTrace()) {
        out.append("\tat ").append(frame).append('\n');
      }
      prefix = "Caused by: ";
    }
    return out.toString().stripTrailing();
  }

  /** JJava's builder, for the library's defaults of I/O, comms, rendering and error colours. */
  private static final class Builder extends BaseKernelBuilder<Builder, JavaNotebookKernel> {
    private final JShellEvaluator evaluator;
    private final String classpath;

    Builder(JShellEvaluator evaluator, String classpath) {
      this.evaluator = evaluator;
      this.classpath = classpath;
      name(NAME);
      version(Builder.class.getPackage().getImplementationVersion());
    }

    @Override
    public JavaNotebookKernel build() {
      return new JavaNotebookKernel(this, classpath, false);
    }

    String kernelName() {
      return buildName();
    }

    String kernelVersion() {
      return buildVersion();
    }

    org.dflib.jjava.jupyter.kernel.JupyterIO jupyterIO() {
      return buildJupyterIO(buildJupyterIOEncoding());
    }

    org.dflib.jjava.jupyter.kernel.comm.CommManager commManager() {
      return buildCommManager();
    }

    org.dflib.jjava.jupyter.kernel.display.Renderer renderer() {
      return buildRenderer();
    }

    org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics() {
      return buildMagicsRegistry();
    }

    StringStyler errorStyler() {
      return new StringStyler.Builder()
          .addPrimaryStyle(TextColor.RESET_FG)
          .addSecondaryStyle(TextColor.BOLD_RED_FG)
          .addHighlightStyle(TextColor.BOLD_RESET_FG)
          .build();
    }
  }
}
