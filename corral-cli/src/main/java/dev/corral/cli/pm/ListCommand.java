package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Request;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code corral list} (ls, l, ps, status): the process table. */
@Command(name = "list", aliases = {"ls", "l", "ps", "status"}, mixinStandardHelpOptions = true,
    description = "Lists the supervised processes: id, name, namespace, mode, pid, uptime, restarts, status, cpu,"
        + " memory.")
public final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    InstanceTable.print(DaemonConnection.client().send(new Request.ListInstances()).instances(),
        spec.commandLine().getOut());
    return PmExit.OK;
  }
}
