package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import picocli.CommandLine.Command;

/** {@code corral stop <id|name|namespace|all>…}: Stops apps: the stop signal (SIGINT) to the whole process tree, SIGKILL after kill_timeout. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops apps: the stop signal (SIGINT) to the whole process tree, SIGKILL after kill_timeout.")
public final class StopCommand extends TargetCommand {
  @Override
  Request<Reply.Instances> request(String target) {
    return new Request.Stop(target);
  }
}
