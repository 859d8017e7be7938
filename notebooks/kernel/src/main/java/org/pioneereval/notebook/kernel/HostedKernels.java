package org.pioneereval.notebook.kernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.pioneereval.jobs.notebook.NotebookKernelHost;

/**
 * Runs the notebook kernel inside a JVM that was started for something else: the pipeline's, whose
 * notebooks stage then executes its notebooks on the run's warm JVM and Spark session (registered
 * for {@link java.util.ServiceLoader} in {@code META-INF/services}). Jupyter connects to it with
 * the connection file written here, as to a kernel it started itself.
 */
public final class HostedKernels implements NotebookKernelHost {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A kernel whose cells compile against this JVM's classpath (the launcher's). */
  @Override
  public HostedKernel start(Path folder) throws Exception {
    return start(folder, System.getProperty("java.class.path"));
  }

  /** A kernel whose cells compile against {@code classpath}. */
  HostedKernel start(Path folder, String classpath) throws Exception {
    String json = connectionJson();
    Path file = folder.resolve("kernel-" + Long.toHexString(RANDOM.nextLong()) + ".json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own permissions apply
    }
    JavaNotebookKernel kernel = JavaNotebookKernel.start(classpath, true);
    JupyterConnection channels;
    try {
      channels = new JupyterConnection(KernelConnectionProperties.parse(json));
      kernel.becomeHandlerForConnection(channels);
      channels.connect();
    } catch (Exception | Error e) {
      kernel.onShutdown(false);
      throw e;
    }
    return new HostedKernel() {
      @Override
      public Path connectionFile() {
        return file;
      }

      @Override
      public void close() {
        try {
          channels.close();
        } finally {
          kernel.onShutdown(false);
        }
      }
    };
  }

  /** Five free ports on the loopback address and a random signing key, as Jupyter writes them. */
  private static String connectionJson() throws IOException {
    int[] ports = new int[5];
    ServerSocket[] held = new ServerSocket[ports.length];
    try {
      for (int i = 0; i < ports.length; i++) {
        held[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = held[i].getLocalPort();
      }
    } finally {
      for (ServerSocket socket : held) {
        if (socket != null) {
          socket.close();
        }
      }
    }
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return String.format(
        Locale.ROOT,
        "{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"shell_port\": %d, \"iopub_port\": %d,"
            + " \"stdin_port\": %d, \"control_port\": %d, \"hb_port\": %d, \"key\": \"%s\","
            + " \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"%s\"}",
        ports[0],
        ports[1],
        ports[2],
        ports[3],
        ports[4],
        HexFormat.of().formatHex(key),
        JavaNotebookKernel.NAME);
  }
}
