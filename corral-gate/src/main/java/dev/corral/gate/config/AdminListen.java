package dev.corral.gate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code admin_listen} directive (Corral extension, main context): where the runtime API listens. Either a Unix
 * socket ({@code admin_listen unix:/run/corral/gate.sock;}, relative paths under the prefix) or a loopback address
 * ({@code admin_listen 127.0.0.1:9000;}, also {@code [::1]:9000} and {@code localhost:9000}); any other address is
 * refused, so the API is never reachable from another machine.
 *
 * @param socket the Unix socket path, or empty for a loopback listener
 * @param host the loopback address for a TCP listener (unused for a socket)
 * @param port the TCP port, 0 for a socket (a port of 0 in the directive is refused)
 * @param text the directive's argument as written, for messages
 */
public record AdminListen(Optional<Path> socket, String host, int port, String text, SourcePosition position) {
  /** Whether this is the same listener as {@code other} (the position does not matter). */
  public boolean sameAs(AdminListen other) {
    return socket.equals(other.socket) && host.equals(other.host) && port == other.port;
  }

  @Override
  public String toString() {
    return socket.map(p -> "unix:" + p).orElse((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port);
  }

  /** Compiles the directive; relative socket paths resolve against {@code prefix}. */
  static AdminListen compile(Directive d, Path prefix) {
    Values.requireArgs(d, 1, 1);
    String text = d.arg(0);
    if (text.startsWith("unix:")) {
      String path = text.substring(5);
      if (path.isEmpty()) {
        throw new ConfigException("admin_listen " + text + ": a socket path is expected after \"unix:\"",
            d.position());
      }
      return new AdminListen(Optional.of(prefix.resolve(path)), "", 0, text, d.position());
    }
    HostPort hp = HostPort.parse(d, text, 0).filter(HostPort::portGiven).orElseThrow(() -> new ConfigException(
        "admin_listen " + text + ": expected unix:PATH or 127.0.0.1:PORT", d.position()));
    if (!loopback(hp.host())) {
      throw new ConfigException("admin_listen " + text + ": the admin API listens on a Unix socket or loopback only",
          d.position());
    }
    return new AdminListen(Optional.empty(), hp.host(), hp.port(), text, d.position());
  }

  private static boolean loopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return false; // a DNS name other than localhost: never resolved here
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
