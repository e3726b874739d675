package dev.corral.cli.pm;

/** Exit codes of the pm commands. */
final class PmExit {
  static final int OK = 0;
  /** The daemon refused or failed (the message says why). */
  static final int FAILURE = 1;
  /** Bad arguments (picocli's usage error code). */
  static final int USAGE = 2;

  private PmExit() {}
}
