package dev.corral.cli.gate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral gate upstream drain UPSTREAM HOST:PORT|ID}. */
@Command(name = "drain", description = "Drain a server: no new requests, in-flight ones finish, idle connections close.")
final class UpstreamDrainCommand implements Callable<Integer> {
  @Mixin GateTarget target;

  @Parameters(index = "0", paramLabel = "UPSTREAM") String upstream;

  @Parameters(index = "1", paramLabel = "HOST:PORT|ID") String server;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    target.client().drain(upstream, server);
    spec.commandLine().getOut().println(upstream + " " + server + ": draining");
    return 0;
  }
}
