package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.daemon.protocol.WireJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code corral jlist}: the process list as one JSON array (for scripts). */
@Command(name = "jlist", mixinStandardHelpOptions = true, description = "Prints the process list as JSON.")
public final class JlistCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    spec.commandLine().getOut().println(WireJson.write(DaemonConnection.client().send(new Request.ListInstances())
        .instances()));
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
