package dev.corral.cli.gate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral gate upstream weight UPSTREAM HOST:PORT N}. */
@Command(name = "weight", description = "Set a server's weight.")
final class UpstreamWeightCommand implements Callable<Integer> {
  @Mixin GateTarget target;

  @Parameters(index = "0", paramLabel = "UPSTREAM") String upstream;

  @Parameters(index = "1", paramLabel = "HOST:PORT|ID") String server;

  @Parameters(index = "2", paramLabel = "N") int weight;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    target.client().setWeight(upstream, server, weight);
    spec.commandLine().getOut().println(upstream + " " + server + ": weight " + weight);
    return 0;
  }
}
