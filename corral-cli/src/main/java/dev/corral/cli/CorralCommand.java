package dev.corral.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code corral} command; without a subcommand it prints usage. */
@Command(
    name = "corral",
    mixinStandardHelpOptions = true,
    versionProvider = CorralVersion.class,
    description = "High concurrency on the JVM: process manager, gate, rate limiting, concurrency control.",
    subcommands = {picocli.CommandLine.HelpCommand.class})
final class CorralCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
