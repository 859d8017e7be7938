package org.pioneereval.jobs.notebook;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * A Jupyter kernel for the result notebooks that runs inside the pipeline's own JVM, so that the
 * notebooks stage executes its cells on the run's warm JVM and its Spark session instead of
 * starting a kernel JVM of its own (a new JVM, JShell and Spark session, and cold compiled code:
 * most of the stage's time on a small machine).
 *
 * <p>The implementation is the project's notebook kernel ({@code notebooks/kernel}), found with
 * {@link ServiceLoader} when its jar is on the classpath, as the {@code ./pioneer-eval} launcher
 * puts it. Without it (spark-submit's jar, the jobs module's own tests), {@link ResultNotebooksJob}
 * lets Jupyter start the kernel as a process, as a user's {@code notebooks/execute.sh} does.
 */
public interface NotebookKernelHost {

  /** Tells {@code notebooks/execute.sh} to execute in this kernel instead of starting one. */
  String CONNECTION_FILE_VARIABLE = "PIONEER_EVAL_KERNEL_CONNECTION_FILE";

  /**
   * Starts a kernel in this JVM and writes the Jupyter connection file (ports on the loopback
   * address, signing key) that a Jupyter client connects with.
   *
   * @param folder where to write the connection file
   */
  HostedKernel start(Path folder) throws Exception;

  /** A running kernel; closing it stops its channels and its JShell (never the JVM). */
  interface HostedKernel extends AutoCloseable {

    Path connectionFile();

    @Override
    void close();
  }

  /** The kernel host on this JVM's classpath, if any (none when its jar cannot be loaded). */
  static Optional<NotebookKernelHost> onClasspath() {
    try {
      return ServiceLoader.load(NotebookKernelHost.class).findFirst();
    } catch (ServiceConfigurationError | LinkageError e) {
      return Optional.empty();
    }
  }
}
