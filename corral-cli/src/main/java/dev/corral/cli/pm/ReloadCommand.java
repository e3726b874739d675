package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code corral reload <id|name|namespace|all>… [--parallel N]}: replaces the instances of cluster-mode apps one
 * batch at a time without dropping a request (new instance started and ready, joined to the gate, old one drained
 * then stopped); fork-mode apps are restarted, as pm2 does. {@code gracefulReload} is pm2's older name for it.
 * Returns once the reload is done, or exits 1 naming the new instance that failed to start (the old ones keep
 * serving).
 */
@Command(name = "reload", aliases = "gracefulReload", mixinStandardHelpOptions = true,
    description = "Replaces cluster-mode instances without downtime (fork-mode apps are restarted).")
public final class ReloadCommand extends TargetCommand {
  @Option(names = "--parallel", paramLabel = "N", description = "Instances replaced at once (default 1).")
  int parallel = 1;

  @Override
  Request<Reply.Instances> request(String target) {
    return new Request.Reload(target, parallel);
  }
}
