package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
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
    Reply.Pong pong = DaemonConnection.client().send(new Request.Ping());
    spec.commandLine().getOut().println("pong (daemon pid " + pong.pid() + ", protocol " + pong.protocol() + ")");
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
