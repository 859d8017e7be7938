package org.pioneereval.notebook.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel for Jupyter: {@code java [JVM options] -cp <kernel and project classpath>
 * org.pioneereval.notebook.kernel.KernelMain <connection file>} (the {@code argv} of the kernelspec
 * that {@link KernelSpec} writes). Cells compile against and run on this JVM's classpath, so the
 * project's classes and Spark are what the kernel was started with.
 */
public final class KernelMain {

  private KernelMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println(
          "usage: KernelMain <connection file>  (Jupyter passes it as {connection_file})");
      System.exit(2);
    }
    Path connectionFile = Path.of(args[0]);
    if (!Files.isRegularFile(connectionFile)) {
      System.err.println(
          "pioneer-eval kernel: connection file "
              + connectionFile
              + " does not exist; the kernel is started by Jupyter, which writes it.");
      System.exit(2);
    }
    KernelConnectionProperties connection =
        KernelConnectionProperties.parse(Files.readString(connectionFile));
    long start = System.nanoTime();
    JavaNotebookKernel kernel = JavaNotebookKernel.start(System.getProperty("java.class.path"));
    System.err.printf(
        "pioneer-eval kernel: JShell ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
    JupyterConnection channels = new JupyterConnection(connection);
    kernel.becomeHandlerForConnection(channels);
    channels.connect();
    channels.waitUntilClose();
    // Spark and other libraries leave non-daemon threads behind: end the JVM explicitly.
    System.exit(0);
  }
}
