package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import picocli.CommandLine.Command;

/** {@code corral delete <id|name|namespace|all>…}: Stops apps and removes them from the list. */
@Command(name = "delete", aliases = {"del"}, mixinStandardHelpOptions = true, description = "Stops apps and removes them from the list.")
public final class DeleteCommand extends TargetCommand {
  @Override
  Request<Reply.Instances> request(String target) {
    return new Request.Delete(target);
  }
}
