package dev.corral.cli.pm;

import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.protocol.Request;
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
    client.send(new Request.Resurrect());
    InstanceTable.print(client.send(new Request.ListInstances()).instances(), spec.commandLine().getOut());
    return PmExit.OK;
  }
}
