package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code corral restart <id|name|namespace|all>… [--update-env]}: stops then starts apps again (counts a restart).
 * The app keeps the environment captured by its {@code start} unless {@code --update-env} (pm2's {@code -a}) gives
 * it this shell's environment.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
    description = "Stops then starts apps again (counts a restart).")
public final class RestartCommand extends TargetCommand {
  @Option(names = {"-a", "--update-env"},
      description = "Replace the app's environment with this shell's (default: keep the one from start).")
  boolean updateEnv;

  @Override
  Request<Reply.Instances> request(String target) {
    return updateEnv ? new Request.RestartWithEnv(target, System.getenv()) : new Request.Restart(target);
  }
}
