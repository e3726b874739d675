package dev.corral.cli.pm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.pm.daemon.Protocol;
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
  String daemonCommand() {
    return "restart";
  }

  @Override
  ObjectNode extraArgs() {
    ObjectNode args = Protocol.args();
    if (updateEnv) {
      args.set("env", Protocol.JSON.valueToTree(System.getenv()));
    }
    return args;
  }
}
