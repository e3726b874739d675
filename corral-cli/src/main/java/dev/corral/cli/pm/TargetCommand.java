package dev.corral.cli.pm;

import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Shared shape of {@code stop}, {@code restart}, {@code delete}, {@code reset}: apply one daemon command to each
 * target (an id, an app name, a namespace or {@code all}) in order, then print the process table.
 */
abstract class TargetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "id|name|namespace|all", description = "What to act on.")
  List<String> targets;

  /** The request to send for {@code target}. */
  abstract Request<Reply.Instances> request(String target);

  @Override
  public Integer call() {
    DaemonClient client = DaemonConnection.client();
    for (String target : targets) {
      client.send(request(target));
    }
    InstanceTable.print(client.send(new Request.ListInstances()).instances(), spec.commandLine().getOut());
    return PmExit.OK;
  }
}
