package dev.corral.cli.gate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral gate upstream up UPSTREAM HOST:PORT|ID}. */
@Command(name = "up", description = "Mark a server up again.")
final class UpstreamUpCommand implements Callable<Integer> {
  @Mixin GateTarget target;

  @Parameters(index = "0", paramLabel = "UPSTREAM") String upstream;

  @Parameters(index = "1", paramLabel = "HOST:PORT|ID") String server;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    target.client().setDown(upstream, server, false);
    spec.commandLine().getOut().println(upstream + " " + server + ": up");
    return 0;
  }
}
