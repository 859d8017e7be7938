package org.pioneereval.notebook.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output and error of a kernel that shares its JVM with other work (a pipeline hosting
 * it): what the cell's thread writes belongs to the notebook, what any other thread writes (the
 * pipeline's report stage, its progress lines) stays on the JVM's own streams.
 */
final class CellOutput extends OutputStream {

  /** The name of the thread cells run on ({@link CellExecutionControl}). */
  static final String CELL_THREAD_NAME = "notebook-cell";

  private final OutputStream cell;
  private final OutputStream other;

  private CellOutput(OutputStream cell, OutputStream other) {
    this.cell = cell;
    this.other = other;
  }

  /** A stream sending the cell thread's writes to {@code cell} and all others to {@code other}. */
  static PrintStream routing(PrintStream cell, PrintStream other) {
    return new PrintStream(new CellOutput(cell, other), true, StandardCharsets.UTF_8);
  }

  private OutputStream target() {
    return Thread.currentThread().getName().equals(CELL_THREAD_NAME) ? cell : other;
  }

  @Override
  public void write(int b) throws IOException {
    target().write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    target().write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    cell.flush();
    other.flush();
  }
}
