package dev.corral.cli;

import picocli.CommandLine;

/** Entry point of the {@code corral} command: builds the command line, runs it and exits with its code. */
public final class CorralMain {
  private CorralMain() {}

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The {@code corral} command line with every subcommand registered; tests run it with captured writers. */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new CorralCommand());
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    return commandLine;
  }
}
