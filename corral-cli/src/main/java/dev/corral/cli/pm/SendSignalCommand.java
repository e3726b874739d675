package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Request;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral sendSignal SIGNAL <id|name|namespace|all>}: sends a signal to the app's process (not its tree). */
@Command(name = "sendSignal", aliases = {"send-signal"}, mixinStandardHelpOptions = true,
    description = "Sends a signal (e.g. SIGUSR1 or USR1) to the running process of an app.")
public final class SendSignalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SIGNAL", description = "Signal name, e.g. SIGUSR2.")
  String signal;

  @Parameters(index = "1", paramLabel = "id|name|namespace|all", description = "Which app.")
  String target;

  @Override
  public Integer call() {
    String name = signal.toUpperCase(Locale.ROOT).replaceFirst("^SIG", "");
    int n = DaemonConnection.client().send(new Request.SendSignal(target, name)).instances().size();
    spec.commandLine().getOut().println("sent SIG" + name + " to " + n + " process" + (n == 1 ? "" : "es"));
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
