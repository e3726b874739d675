package dev.corral.pm;

/**
 * A failure the process manager reports to its user as one line: an unknown app, a bad value, a daemon that
 * cannot be reached. The message is complete on its own (it names the thing and what was expected); callers
 * print it without a stack trace.
 */
public class PmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message one line naming the problem */
  public PmException(String message) {
    super(message);
  }

  /** @param message one line naming the problem; {@code cause} is kept for debugging only */
  public PmException(String message, Throwable cause) {
    super(message, cause);
  }
}
