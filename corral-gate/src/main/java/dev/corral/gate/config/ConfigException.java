package dev.corral.gate.config;

/**
 * A configuration error, reported as {@code nginx -t} does: the problem, then {@code in FILE:LINE} when the
 * error has a place in a file. The message is one line meant for the user; it never needs a stack trace.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error at a position in a configuration file. */
  public ConfigException(String problem, SourcePosition position) {
    super(problem + " in " + position);
  }

  /** An error without a position (for example a file that cannot be opened at all). */
  public ConfigException(String problem) {
    super(problem);
  }
}
