package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import picocli.CommandLine.Command;

/** {@code corral reset <id|name|namespace|all>…}: Clears the restart counters of apps. */
@Command(name = "reset", mixinStandardHelpOptions = true, description = "Clears the restart counters of apps.")
public final class ResetCommand extends TargetCommand {
  @Override
  Request<Reply.Instances> request(String target) {
    return new Request.Reset(target);
  }
}
