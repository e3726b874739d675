package dev.corral.cli;

import dev.corral.cli.pm.BareListing;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code corral} command: builds the command line, runs it and exits with its code.
 *
 * <p>Start-up is most of a short command's latency ({@code corral list} is one request to the daemon), and
 * picocli's model of every subcommand — options, converters, help sections, read by reflection — costs more than
 * the command itself. So when the first argument names a process-manager subcommand (package
 * {@code dev.corral.cli.pm}; none of them looks at its parent command), only that subcommand's model is built, under
 * the name {@code corral <subcommand>}, and the bare {@code list} and {@code jlist} need none ({@link BareListing});
 * anything else (no argument, {@code --help}, {@code --version},
 * {@code help …}, an unknown word) goes through the full {@link #newCommandLine()}.
 */
public final class CorralMain {
  private static final String PM_PACKAGE = "dev.corral.cli.pm";

  private CorralMain() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs {@code corral args…} as {@link #main} does, without exiting; returns the exit code. */
  static int execute(String[] args) {
    Optional<Integer> bare = BareListing.run(args, new PrintWriter(System.out), new PrintWriter(System.err));
    if (bare.isPresent()) {
      return bare.get();
    }
    Optional<Class<?>> sub = args.length == 0 ? Optional.empty() : subcommand(args[0]);
    if (sub.isEmpty()) {
      return newCommandLine().execute(args);
    }
    CommandLine commandLine = new CommandLine(sub.get());
    commandLine.setCommandName("corral " + args[0]);
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    return commandLine.execute(Arrays.copyOfRange(args, 1, args.length));
  }

  /** The {@code corral} command line with every subcommand registered; tests run it with captured writers. */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new CorralCommand());
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    return commandLine;
  }

  /**
   * The class of the process-manager subcommand of {@link CorralCommand} called {@code word} (by name or alias),
   * if any. Reads only the {@code @Command} annotations, which is cheap. Other subcommands ({@code help}, which
   * describes the full command line, {@code gate}, which re-executes its root's arguments) are left to
   * {@link #newCommandLine()}.
   */
  static Optional<Class<?>> subcommand(String word) {
    for (Class<?> candidate : CorralCommand.class.getAnnotation(Command.class).subcommands()) {
      Command command = candidate.getAnnotation(Command.class);
      if (command == null || !candidate.getPackageName().equals(PM_PACKAGE)) {
        continue;
      }
      if (command.name().equals(word) || Arrays.asList(command.aliases()).contains(word)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
