package dev.corral.cli.gate;

import dev.corral.gate.GateOptions;
import dev.corral.gate.admin.GateAdminClient;
import dev.corral.gate.config.AdminListen;
import dev.corral.gate.config.GateConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which running gate a {@code corral gate upstream} command talks to: {@code --socket PATH}, {@code --port N}
 * (127.0.0.1), or the {@code admin_listen} of a configuration file ({@code -c FILE}, default
 * {@code conf/gate.conf} under {@code -p PREFIX}, as {@code corral gate} itself reads it). A shared picocli mixin.
 */
public final class GateTarget {
  @Option(names = "--socket", paramLabel = "PATH", description = "the gate's admin socket (admin_listen unix:PATH)")
  Path socket;

  @Option(names = "--port", paramLabel = "N", description = "the gate's admin port on 127.0.0.1")
  Integer port;

  @Option(names = "-c", paramLabel = "FILE", description = "read admin_listen from this configuration file "
      + "(default: conf/gate.conf under the prefix)")
  Path config = GateOptions.DEFAULT_CONFIG;

  @Option(names = "-p", paramLabel = "PREFIX", description = "prefix path for relative paths (default: current "
      + "directory)")
  Path prefix = Path.of("");

  /**
   * The client for the chosen gate.
   *
   * @throws IllegalArgumentException if the configuration names no usable admin_listen (one line for the user)
   * @throws dev.corral.gate.config.ConfigException if the configuration is invalid
   */
  GateAdminClient client() {
    if (socket != null) {
      return GateAdminClient.unixSocket(socket);
    }
    if (port != null) {
      return GateAdminClient.loopback(port);
    }
    GateOptions options = new GateOptions(prefix, config, "", Optional.empty());
    List<AdminListen> listens = new GateConfigLoader(prefix).load(options.resolvedConfig(), "").adminListens();
    Optional<AdminListen> unix = listens.stream().filter(l -> l.socket().isPresent()).findFirst();
    if (unix.isPresent()) {
      return GateAdminClient.unixSocket(unix.get().socket().get());
    }
    Optional<AdminListen> loopback = listens.stream()
        .filter(l -> l.host().startsWith("127.") || l.host().equals("localhost")).findFirst();
    if (loopback.isPresent()) {
      return GateAdminClient.loopback(loopback.get().port());
    }
    throw new IllegalArgumentException(options.resolvedConfig() + " has no admin_listen unix:PATH or "
        + "127.0.0.1:PORT (add one and reload the gate, or give --socket PATH)");
  }
}
