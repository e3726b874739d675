package dev.corral.cli.pm;

import dev.corral.pm.daemon.DaemonClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  Map<String, Object> extraArgs() {
    return new LinkedHashMap<>();
  }

  @Override
  public Integer call() {
    DaemonClient client = DaemonConnection.client();
    for (String target : targets) {
      Map<String, Object> args = extraArgs();
      args.put("target", target);
      client.call(daemonCommand(), args);
    }
    InstanceTable.print(client.call("list", Map.of()), spec.commandLine().getOut());
    return PmExit.OK;
  }
}
