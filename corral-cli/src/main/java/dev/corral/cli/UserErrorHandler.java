package dev.corral.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a subcommand into one line on stderr and exit code 1. A user mistake never shows
 * a stack trace; {@code CORRAL_DEBUG=1} shows it for bug reports.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
  static final int EXIT_FAILURE = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    commandLine.getErr().println("corral: " + message);
    if (System.getenv("CORRAL_DEBUG") != null) {
      e.printStackTrace(commandLine.getErr());
    }
    return EXIT_FAILURE;
  }
}
