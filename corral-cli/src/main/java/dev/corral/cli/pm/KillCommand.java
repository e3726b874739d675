package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Reply;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code corral kill}: stops every app (gracefully, whole trees) and then the daemon. Does not save. Works on a
 * daemon of an older protocol version too, which is how one moves to a new build.
 */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Stops every app and the daemon.")
public final class KillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var stopped = DaemonConnection.client().killAnyVersion();
    spec.commandLine().getOut().println(stopped
        .map(Reply.Instances::instances)
        .map(s -> "stopped " + s.size() + " process" + (s.size() == 1 ? "" : "es") + " and the daemon")
        .orElse("no daemon running"));
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
