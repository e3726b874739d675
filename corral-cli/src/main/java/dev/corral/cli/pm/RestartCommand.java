package dev.corral.cli.pm;

import picocli.CommandLine.Command;

/** {@code corral restart <id|name|namespace|all>…}: Stops then starts apps again (counts a restart). */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Stops then starts apps again (counts a restart).")
public final class RestartCommand extends TargetCommand {
  @Override
  String daemonCommand() {
    return "restart";
  }
}
