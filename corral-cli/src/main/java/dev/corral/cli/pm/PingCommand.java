package dev.corral.cli.pm;

import dev.corral.pm.daemon.WireJson;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code corral ping}: checks the daemon answers, starting it if needed (as pm2 does). */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Checks that the daemon answers (starts it).")
public final class PingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, Object> pong = WireJson.asObject(DaemonConnection.client().call("ping", Map.of()));
    spec.commandLine().getOut().println("pong (daemon pid " + WireJson.str(pong, "pid") + ", protocol "
        + WireJson.str(pong, "protocol") + ")");
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
