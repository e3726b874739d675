package dev.corral.cli.gate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral gate upstream undrain UPSTREAM HOST:PORT|ID}. */
@Command(name = "undrain", description = "End a drain: the server takes new requests again.")
final class UpstreamUndrainCommand implements Callable<Integer> {
  @Mixin GateTarget target;

  @Parameters(index = "0", paramLabel = "UPSTREAM") String upstream;

  @Parameters(index = "1", paramLabel = "HOST:PORT|ID") String server;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    target.client().undrain(upstream, server);
    spec.commandLine().getOut().println(upstream + " " + server + ": up");
    return 0;
  }
}
