package dev.corral.cli.gate;

import dev.corral.gate.admin.ServerView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral gate upstream add UPSTREAM HOST:PORT [--weight N]}. */
@Command(name = "add", description = "Add a server to an upstream.")
final class UpstreamAddCommand implements Callable<Integer> {
  @Mixin GateTarget target;

  @Parameters(index = "0", paramLabel = "UPSTREAM") String upstream;

  @Parameters(index = "1", paramLabel = "HOST:PORT") String address;

  @Option(names = "--weight", paramLabel = "N", description = "its weight (default: 1)") int weight = 1;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ServerView added = target.client().addServer(upstream, address, weight);
    spec.commandLine().getOut().println("added " + added.address() + " to " + upstream + " (id " + added.id()
        + ", weight " + added.weight() + ")");
    return 0;
  }
}
