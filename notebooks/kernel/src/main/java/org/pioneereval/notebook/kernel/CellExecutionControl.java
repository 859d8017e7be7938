package org.pioneereval.notebook.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets in the kernel's own JVM, like JShell's {@code local} engine, but on one
 * long-lived cell thread and keeping the value and the exception of every snippet as objects.
 *
 * <p>Why not {@link jdk.jshell.execution.LocalExecutionControl}: it starts a thread per snippet in
 * a fresh thread group and joins every thread of that group it sees right after the start, so a
 * snippet that starts a thread at once (Spark starts dozens) can make the cell wait forever, and
 * {@code stop()} kills the whole thread group, Spark's threads included. Here the cell thread is
 * the only one waited for, an interrupt only interrupts it, and the snippet classes' loader is the
 * thread's context class loader (Spark resolves classes of lambdas through it).
 *
 * <p>The value objects let the kernel render a cell's result richly (HTML, SVG), and the real
 * exception gives the notebook its class, message and stack trace rather than JShell's copy.
 */
final class CellExecutionControl extends DirectExecutionControl {

  private final ExecutorService cellThread =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, CellOutput.CELL_THREAD_NAME);
            thread.setDaemon(true);
            return thread;
          });

  private volatile Future<Object> running;
  private volatile boolean interrupted;
  private Object lastValue;
  private Throwable lastFailure;

  /** Forgets the previous snippet's value and exception; called before each snippet. */
  void reset() {
    lastValue = null;
    lastFailure = null;
    interrupted = false;
  }

  /** The value the last snippet returned (null for statements and declarations). */
  Object lastValue() {
    return lastValue;
  }

  /** What the last snippet threw, or null. */
  Throwable lastFailure() {
    return lastFailure;
  }

  /** True when the last snippet was interrupted through {@link #interruptCell()}. */
  boolean wasInterrupted() {
    return interrupted;
  }

  /** Interrupts the running snippet, if any (Jupyter's interrupt request). */
  void interruptCell() {
    Future<Object> cell = running;
    if (cell != null) {
      interrupted = true;
      cell.cancel(true);
    }
  }

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    ClassLoader snippetLoader = doitMethod.getDeclaringClass().getClassLoader();
    Future<Object> cell =
        cellThread.submit(
            () -> {
              Thread.currentThread().setContextClassLoader(snippetLoader);
              return doitMethod.invoke(null);
            });
    running = cell;
    try {
      Object value = cell.get();
      lastValue = value;
      return valueString(value);
    } catch (CancellationException e) {
      throw new ExecutionControl.StoppedException();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvocationTargetException invocation) {
        lastFailure = invocation.getCause();
        throw invocation;
      }
      throw new ExecutionControl.InternalException(String.valueOf(cause));
    } finally {
      running = null;
    }
  }

  @Override
  public void stop() {
    interruptCell();
  }

  @Override
  public void close() {
    cellThread.shutdownNow();
    super.close();
  }

  /** Hands JShell the one control instance the kernel keeps a reference to. */
  static final class Provider implements ExecutionControlProvider {
    private final CellExecutionControl control;

    Provider(CellExecutionControl control) {
      this.control = control;
    }

    @Override
    public String name() {
      return "pioneer-eval-notebook-cell";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      return control;
    }
  }
}
