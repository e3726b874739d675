package dev.corral.cli.gate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code corral gate upstream …}: the running gate's upstreams through its runtime API, without a reload. The
 * subcommands each do one call; without one, the usage (listing them) goes to stderr with exit code 2.
 */
@Command(name = "upstream", description = "List and change a running gate's upstream servers (runtime API).",
    subcommands = {UpstreamListCommand.class, UpstreamAddCommand.class, UpstreamRemoveCommand.class,
        UpstreamWeightCommand.class, UpstreamDrainCommand.class, UpstreamUndrainCommand.class,
        UpstreamDownCommand.class, UpstreamUpCommand.class},
    mixinStandardHelpOptions = true)
public final class UpstreamCommand implements Callable<Integer> {
  /** The exit code of a usage error, as picocli's. */
  static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }
}
