package dev.corral.cli.pm;

import picocli.CommandLine.Command;

/** {@code corral delete <id|name|namespace|all>…}: Stops apps and removes them from the list. */
@Command(name = "delete", aliases = {"del"}, mixinStandardHelpOptions = true, description = "Stops apps and removes them from the list.")
public final class DeleteCommand extends TargetCommand {
  @Override
  String daemonCommand() {
    return "delete";
  }
}
