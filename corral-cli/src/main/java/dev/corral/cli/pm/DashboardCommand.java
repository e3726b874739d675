package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.web.DashboardSettings;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code corral dashboard}: prints the address of the daemon's live web dashboard, starting the daemon and the
 * dashboard first when they are not running. The dashboard stays up until the daemon stops. Loopback only unless
 * {@code --host} names another address, which needs {@code --token} (given, or made up and printed here).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Prints the address of the live web dashboard (starts it in the daemon if needed).")
public final class DashboardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = DashboardSettings.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}); anything but loopback needs --token.")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DashboardSettings.DEFAULT_PORT,
      description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
  int port;

  @Option(names = "--token", paramLabel = "TOKEN", arity = "0..1", fallbackValue = "",
      description = "Require this token on every request (at least 16 of A-Z a-z 0-9 . _ ~ -); without a value"
          + " one is made up. Needed when --host is not loopback.")
  String token;

  @Override
  public Integer call() {
    String chosen = token == null ? "" : token.isEmpty() ? madeUp() : token;
    // Checked here too, so a mistake is one line before the daemon is even started.
    new DashboardSettings(host, port, chosen.isEmpty() ? Optional.empty() : Optional.of(chosen));
    Reply.DashboardAddress address = DaemonConnection.client().send(new Request.Dashboard(host, port, chosen));
    spec.commandLine().getOut().println(address.url());
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }

  private static String madeUp() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
