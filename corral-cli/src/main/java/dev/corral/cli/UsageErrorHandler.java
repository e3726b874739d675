package dev.corral.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistyped command line (an unknown option, a missing or badly formed value) as one line naming the problem, a
 * "did you mean" line when picocli has a suggestion, and where to find the usage, with picocli's usage exit code
 * (2) — not the whole usage text, which hides the one line that matters. Stateless.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String command = commandLine.getCommandSpec().qualifiedName();
    err.println(command + ": " + e.getMessage());
    if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
      err.println("Did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?");
    }
    err.println("Try '" + command + " --help' for more information.");
    err.flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }
}
