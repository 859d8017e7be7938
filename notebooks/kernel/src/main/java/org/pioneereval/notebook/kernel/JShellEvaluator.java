package org.pioneereval.notebook.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import org.pioneereval.notebook.kernel.CellFailedException.CellErrorException;
import org.pioneereval.notebook.kernel.CellFailedException.CellInterruptedException;
import org.pioneereval.notebook.kernel.CellFailedException.CompilationFailedException;
import org.pioneereval.notebook.kernel.CellFailedException.IncompleteCellException;

/**
 * Evaluates notebook cells with JShell in this JVM ({@link CellExecutionControl}): a cell is split
 * into snippets (statements, declarations, expressions) that run in order; the first failing
 * snippet ends the cell. The cell's value is the value of its last snippet when that snippet is an
 * expression (not a declaration, assignment or void call) written without a closing semicolon, as
 * in IPython: {@code run.effectsTable()} shows the table, {@code System.out.printf(...);} shows
 * only what it prints.
 */
final class JShellEvaluator implements AutoCloseable {

  /** The imports the {@code jshell} tool starts with, so that notebooks read like JShell. */
  static final List<String> DEFAULT_IMPORTS =
      List.of(
          "java.io.*",
          "java.math.*",
          "java.net.*",
          "java.nio.file.*",
          "java.util.*",
          "java.util.concurrent.*",
          "java.util.function.*",
          "java.util.regex.*",
          "java.util.stream.*");

  /** Frames of the kernel's own machinery, left out of the stack traces shown to analysts. */
  private static final List<String> MACHINERY_FRAMES =
      List.of(
          "jdk.internal.reflect.",
          "java.lang.reflect.Method.invoke",
          "java.util.concurrent.FutureTask.",
          "java.util.concurrent.ThreadPoolExecutor.",
          "java.util.concurrent.ThreadPoolExecutor$Worker.",
          "java.lang.Thread.run",
          JShellEvaluator.class.getPackageName() + ".");

  /** The value of a cell: the object and JShell's text for it (strings quoted, arrays listed). */
  record CellValue(Object value, String text) {}

  private final JShell shell;
  private final CellExecutionControl control;
  private final SourceCodeAnalysis analysis;

  private JShellEvaluator(JShell shell, CellExecutionControl control) {
    this.shell = shell;
    this.control = control;
    this.analysis = shell.sourceCodeAnalysis();
  }

  /**
   * A JShell whose snippets compile against {@code classpath} and run in this JVM, with the default
   * imports and the static import of {@link Display}.
   */
  static JShellEvaluator start(String classpath) {
    CellExecutionControl control = new CellExecutionControl();
    JShell shell =
        JShell.builder()
            .executionEngine(new CellExecutionControl.Provider(control), Map.of())
            .build();
    shell.addToClasspath(classpath);
    JShellEvaluator evaluator = new JShellEvaluator(shell, control);
    StringBuilder startup = new StringBuilder();
    for (String imported : DEFAULT_IMPORTS) {
      startup.append("import ").append(imported).append(";\n");
    }
    startup.append("import static ").append(Display.class.getName()).append(".*;\n");
    evaluator.eval(startup.toString());
    return evaluator;
  }

  /**
   * Runs a cell and returns the value of its last snippet, if that is an expression with a non-null
   * value.
   *
   * @throws CellFailedException when the cell does not compile, is incomplete, is interrupted or
   *     throws an {@link Error}; an exception thrown by the cell's code is rethrown as it is
   */
  Optional<CellValue> eval(String cell) {
    Optional<CellValue> last = Optional.empty();
    List<DeclarationSnippet> declared = new ArrayList<>();
    SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(cell);
    while (info.completeness().isComplete()) {
      // like IPython, a trailing semicolon hides the value: `x` shows x, `x;` does not
      boolean shown = !endsWithSemicolon(info.source());
      last = evalSnippet(info.source(), declared).filter(value -> shown);
      info = analysis.analyzeCompletion(info.remaining());
    }
    if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
      throw new IncompleteCellException(
          "The cell ends in the middle of a statement (a missing closing brace, parenthesis or"
              + " quote?):\n"
              + indent(info.remaining().strip()));
    }
    // A method may use one defined further down the same cell; by the end of the cell everything
    // it declared must be resolved, or a later cell would fail far from the cause.
    for (DeclarationSnippet snippet : declared) {
      Snippet.Status status = shell.status(snippet);
      if (status == Snippet.Status.RECOVERABLE_DEFINED
          || status == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
        throw new CompilationFailedException(unresolvedMessage(snippet));
      }
    }
    return last;
  }

  private Optional<CellValue> evalSnippet(String source, List<DeclarationSnippet> declared) {
    control.reset();
    List<SnippetEvent> events = shell.eval(source);
    CellValue value = null;
    for (SnippetEvent event : events) {
      if (event.causeSnippet() != null) {
        continue; // an update of an earlier snippet that this one caused, not this one
      }
      Snippet snippet = event.snippet();
      JShellException exception = event.exception();
      if (control.wasInterrupted()) {
        throw new CellInterruptedException("The cell was interrupted.");
      }
      if (exception instanceof UnresolvedReferenceException unresolved) {
        throw new CompilationFailedException(unresolvedMessage(unresolved.getSnippet()));
      }
      if (exception != null) {
        throw rethrow(control.lastFailure(), exception);
      }
      if (event.status() == Snippet.Status.REJECTED) {
        throw new CompilationFailedException(diagnostics(snippet));
      }
      if (snippet instanceof DeclarationSnippet declaration) {
        declared.add(declaration);
      }
      Snippet.SubKind kind = snippet.subKind();
      boolean expression =
          kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
              || kind == Snippet.SubKind.VAR_VALUE_SUBKIND;
      if (expression && control.lastValue() != null) {
        value = new CellValue(control.lastValue(), event.value());
      }
    }
    return Optional.ofNullable(value);
  }

  /**
   * The exception the cell's code threw, unchanged when it is an {@link Exception} (the notebook
   * then shows its real class and message); {@link Error}s are wrapped so that the kernel's loop
   * survives them.
   */
  private static RuntimeException rethrow(Throwable thrown, JShellException copy) {
    Throwable failure = thrown != null ? thrown : copy;
    keepCellFrames(failure);
    if (failure instanceof Error error) {
      throw new CellErrorException(error);
    }
    return JShellEvaluator.<RuntimeException>throwUnchecked(failure);
  }

  /**
   * Leaves out of the stack traces of {@code thrown} and its causes the frames of the kernel's
   * machinery (reflection, the cell thread, this package), which every failure would otherwise end
   * with; the frames of the cell ({@code REPL.$JShell$...}) and of the libraries it called stay.
   */
  static void keepCellFrames(Throwable thrown) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      t.setStackTrace(
          Arrays.stream(t.getStackTrace())
              .filter(frame -> !isMachinery(frame))
              .toArray(StackTraceElement[]::new));
    }
  }

  private static boolean isMachinery(StackTraceElement frame) {
    String where = frame.getClassName() + "." + frame.getMethodName();
    return MACHINERY_FRAMES.stream().anyMatch(where::startsWith);
  }

  private String diagnostics(Snippet snippet) {
    String source = snippet.source();
    List<String> lines = new ArrayList<>();
    shell
        .diagnostics(snippet)
        .filter(Diag::isError)
        .forEach(
            diag -> {
              diag.getMessage(Locale.ROOT)
                  .lines()
                  .filter(line -> !line.strip().startsWith("location:"))
                  .forEach(lines::add);
              if (diag.getStartPosition() >= 0) {
                lines.add(indent(sourceLineWithMarker(source, (int) diag.getPosition())));
              }
            });
    if (lines.isEmpty()) {
      lines.add("JShell rejected the snippet:\n" + indent(source.strip()));
    }
    return String.join("\n", lines);
  }

  private String unresolvedMessage(DeclarationSnippet snippet) {
    List<String> missing = shell.unresolvedDependencies(snippet).collect(Collectors.toList());
    return "'"
        + snippet.name()
        + "' uses what is not defined yet: "
        + String.join(", ", missing)
        + ". Define it (or add its import) in an earlier cell, then run this cell again.";
  }

  /** True when the code of a snippet, without a trailing line comment, ends with a semicolon. */
  static boolean endsWithSemicolon(String snippet) {
    String code = snippet.strip();
    int lineStart = code.lastIndexOf('\n') + 1;
    int comment = code.indexOf("//", lineStart);
    if (comment >= 0
        && code.substring(lineStart, comment).chars().filter(c -> c == '"').count() % 2 == 0) {
      code = code.substring(0, comment).strip();
    }
    return code.endsWith(";");
  }

  /** The line holding {@code position} with a caret under the position. */
  static String sourceLineWithMarker(String source, int position) {
    int at = Math.max(0, Math.min(position, source.length()));
    int start = source.lastIndexOf('\n', at - 1) + 1;
    int end = source.indexOf('\n', at);
    String line = source.substring(start, end < 0 ? source.length() : end);
    return line + "\n" + " ".repeat(at - start) + "^";
  }

  private static String indent(String text) {
    return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
  }

  /** Whether the source is complete, for Jupyter's console front ends. */
  SourceCodeAnalysis.Completeness completeness(String source) {
    SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(source);
    while (info.completeness().isComplete() && !info.remaining().isBlank()) {
      info = analysis.analyzeCompletion(info.remaining());
    }
    return info.completeness();
  }

  /** Completion suggestions at {@code cursor}; {@code anchor[0]} receives the replaced start. */
  List<SourceCodeAnalysis.Suggestion> complete(String source, int cursor, int[] anchor) {
    return analysis.completionSuggestions(source, cursor, anchor);
  }

  /** Signatures and javadoc of what is at {@code cursor}. */
  List<SourceCodeAnalysis.Documentation> documentation(String source, int cursor) {
    return analysis.documentation(source, cursor, true);
  }

  void interrupt() {
    control.interruptCell();
  }

  @Override
  public void close() {
    shell.close();
  }

  /**
   * Rethrows the cell's exception unchanged, checked or not: JShell lets a cell throw checked
   * exceptions, and the kernel reports whatever {@link Exception} reaches it.
   */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException throwUnchecked(Throwable thrown) throws T {
    throw (T) thrown;
  }
}
