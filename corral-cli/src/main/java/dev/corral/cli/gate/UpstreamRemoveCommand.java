package dev.corral.cli.gate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral gate upstream remove UPSTREAM HOST:PORT}: in-flight requests finish, idle connections close. */
@Command(name = "remove", aliases = "rm", description = "Remove a server from an upstream (in-flight requests "
    + "finish).")
final class UpstreamRemoveCommand implements Callable<Integer> {
  @Mixin GateTarget target;

  @Parameters(index = "0", paramLabel = "UPSTREAM") String upstream;

  @Parameters(index = "1", paramLabel = "HOST:PORT|ID") String server;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!target.client().removeServer(upstream, server)) {
      throw new IllegalArgumentException("server " + server + " not found in upstream \"" + upstream + "\"");
    }
    spec.commandLine().getOut().println("removed " + server + " from " + upstream);
    return 0;
  }
}
