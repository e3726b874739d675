package dev.corral.cli.pm;

import dev.corral.pm.daemon.DaemonClient;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code corral resurrect}: starts the saved apps that are not running. */
@Command(name = "resurrect", mixinStandardHelpOptions = true,
    description = "Starts the apps of the last 'corral save' that are not running.")
public final class ResurrectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DaemonClient client = DaemonConnection.client();
    client.call("resurrect", Map.of());
    InstanceTable.print(client.call("list", Map.of()), spec.commandLine().getOut());
    return PmExit.OK;
  }
}
