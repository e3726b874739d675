package dev.corral.cli.pm;

import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.protocol.Request;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code corral scale NAME N|max|+N|-N}: sets or changes the number of instances ({@code max}: one per core, as
 * {@code -i max}). In cluster mode new instances join the gate once ready and removed ones are drained first.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
    description = "Sets the number of instances of an app: N, max (one per core), or +N / -N relative to now.")
public final class ScaleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
  String name;

  @Parameters(index = "1", paramLabel = "N|max|+N|-N", description = "New count, or a change.")
  String amount;

  @Override
  public Integer call() {
    boolean relative = amount.startsWith("+") || amount.startsWith("-");
    int count = amount.equals("max") ? Runtime.getRuntime().availableProcessors() : number(amount);
    DaemonClient client = DaemonConnection.client();
    client.send(relative ? Request.Scale.by(name, count) : Request.Scale.to(name, count));
    InstanceTable.print(client.send(new Request.ListInstances()).instances(), spec.commandLine().getOut());
    return PmExit.OK;
  }

  private static int number(String amount) {
    try {
      return Integer.parseInt(amount.startsWith("+") ? amount.substring(1) : amount);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("scale: " + amount + " (expected: N, max, +N or -N)", e);
    }
  }
}
