package dev.corral.cli.pm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.Protocol;
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

  /** The protocol command to send for each target. */
  abstract String daemonCommand();

  /** Extra protocol arguments of the command (none by default). */
  com.fasterxml.jackson.databind.node.ObjectNode extraArgs() {
    return Protocol.args();
  }

  @Override
  public Integer call() {
    DaemonClient client = DaemonConnection.client();
    ArrayNode affected = Protocol.JSON.createArrayNode();
    for (String target : targets) {
      JsonNode result = client.call(daemonCommand(), extraArgs().put("target", target));
      result.forEach(affected::add);
    }
    InstanceTable.print(client.call("list", Protocol.args()), spec.commandLine().getOut());
    return PmExit.OK;
  }
}
