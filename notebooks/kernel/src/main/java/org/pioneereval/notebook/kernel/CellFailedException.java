package org.pioneereval.notebook.kernel;

/**
 * A cell that could not run to its end for a reason other than an exception of its own code: it did
 * not compile, was incomplete, referred to something undefined, was interrupted, or threw a {@link
 * Error}. The notebook shows the subclass's name and the message; there is no useful stack trace
 * (the failure is in the cell's text, or already in the message).
 *
 * <p>Exceptions thrown by the cell's own code are not wrapped: the notebook shows them as they are
 * (class, message, the cell's frames).
 */
public abstract class CellFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CellFailedException(String message) {
    super(message, null, false, false);
  }

  CellFailedException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** The source did not compile; the message holds javac's diagnostics with the offending lines. */
  public static final class CompilationFailedException extends CellFailedException {
    private static final long serialVersionUID = 1L;

    CompilationFailedException(String message) {
      super(message);
    }
  }

  /** The cell ends in the middle of a statement (an unclosed brace, parenthesis or string). */
  public static final class IncompleteCellException extends CellFailedException {
    private static final long serialVersionUID = 1L;

    IncompleteCellException(String message) {
      super(message);
    }
  }

  /** The cell was stopped by Jupyter's interrupt (Kernel > Interrupt). */
  public static final class CellInterruptedException extends CellFailedException {
    private static final long serialVersionUID = 1L;

    CellInterruptedException(String message) {
      super(message);
    }
  }

  /** The cell's code threw an {@link Error} (out of memory, stack overflow, a failed assert). */
  public static final class CellErrorException extends CellFailedException {
    private static final long serialVersionUID = 1L;

    CellErrorException(Error error) {
      super(error.toString(), error);
    }
  }
}
