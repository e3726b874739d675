package dev.corral.cli.gate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral gate upstream down UPSTREAM HOST:PORT|ID}. */
@Command(name = "down", description = "Mark a server down: it takes no requests.")
final class UpstreamDownCommand implements Callable<Integer> {
  @Mixin GateTarget target;

  @Parameters(index = "0", paramLabel = "UPSTREAM") String upstream;

  @Parameters(index = "1", paramLabel = "HOST:PORT|ID") String server;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    target.client().setDown(upstream, server, true);
    spec.commandLine().getOut().println(upstream + " " + server + ": down");
    return 0;
  }
}
