package dev.corral.cli.pm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.pm.daemon.Protocol;
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
    JsonNode pong = DaemonConnection.client().call("ping", Protocol.args());
    spec.commandLine().getOut().println("pong (daemon pid " + pong.path("pid").asText() + ", protocol "
        + pong.path("protocol").asText() + ")");
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
