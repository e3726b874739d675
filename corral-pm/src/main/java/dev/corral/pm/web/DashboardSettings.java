package dev.corral.pm.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where the dashboard listens and the token it asks for. Loopback ({@code 127.0.0.1}, {@code ::1},
 * {@code localhost}) is the default and needs no token; any other address needs one, so a dashboard reachable from
 * the network never answers anybody who does not hold it (pm2's {@code pm2 web} listens on 0.0.0.0 with no
 * authentication at all). Immutable; validated when built.
 *
 * @param host the address to bind, as given
 * @param port the port (0: any free one)
 * @param token the token every request must carry; empty on loopback without one
 */
public record DashboardSettings(String host, int port, Optional<String> token) {
  /** The default address, pm2's {@code pm2 web} port. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default port. */
  public static final int DEFAULT_PORT = 9615;
  /** The shortest token accepted. */
  public static final int MIN_TOKEN_LENGTH = 16;

  /**
   * @throws IllegalArgumentException naming the field when the port is out of range, the host does not resolve, the
   *     token is too short or has characters outside {@code [A-Za-z0-9._~-]}, or the host is not loopback and no
   *     token is given
   */
  public DashboardSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: missing (expected: an address such as 127.0.0.1)");
    }
    token = token == null ? Optional.empty() : token;
    token.ifPresent(t -> {
      if (t.length() < MIN_TOKEN_LENGTH || !t.chars().allMatch(DashboardSettings::tokenChar)) {
        throw new IllegalArgumentException("token: " + t.length() + " characters (expected: at least "
            + MIN_TOKEN_LENGTH + " of A-Z a-z 0-9 . _ ~ -)");
      }
    });
    if (!isLoopback(host) && token.isEmpty()) {
      throw new IllegalArgumentException("host: " + host + " is not loopback (expected: --token too, so that"
          + " nobody else on the network can use the dashboard)");
    }
  }

  /** The default: {@code 127.0.0.1:9615}, no token. */
  public static DashboardSettings defaults() {
    return new DashboardSettings(DEFAULT_HOST, DEFAULT_PORT, Optional.empty());
  }

  /** Whether {@code host} is a loopback address. */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("host: " + host + " (expected: an address or a name that resolves)", e);
    }
  }

  private static boolean tokenChar(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '~'
        || c == '-';
  }
}
