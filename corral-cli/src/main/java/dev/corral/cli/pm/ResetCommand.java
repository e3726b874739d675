package dev.corral.cli.pm;

import picocli.CommandLine.Command;

/** {@code corral reset <id|name|namespace|all>…}: Clears the restart counters of apps. */
@Command(name = "reset", mixinStandardHelpOptions = true, description = "Clears the restart counters of apps.")
public final class ResetCommand extends TargetCommand {
  @Override
  String daemonCommand() {
    return "reset";
  }
}
