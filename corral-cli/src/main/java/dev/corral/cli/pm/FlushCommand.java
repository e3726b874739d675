package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Request;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral flush [id|name|all]}: empties log files (the live ones and their rotations). */
@Command(name = "flush", mixinStandardHelpOptions = true, description = "Empties the logs of an app, or of all.")
public final class FlushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "id|name|namespace|all", description = "Default: all.")
  String target = "all";

  @Override
  public Integer call() {
    int n = DaemonConnection.client().send(new Request.Flush(target)).instances().size();
    spec.commandLine().getOut().println("flushed the logs of " + n + " process" + (n == 1 ? "" : "es"));
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
