package dev.corral.gate.config;

/**
 * A {@code listen} directive.
 *
 * @param host the address to bind, {@code "*"} for all (nginx's default when only a port is given)
 * @param backlog the accept queue length ({@code backlog=}); nginx's default on Linux is 511
 * @param ssl {@code ssl}: connections to this address speak TLS (as in nginx, one {@code listen ... ssl} makes
 *     the whole address TLS, for every server on it)
 */
public record Listen(String host, int port, boolean defaultServer, boolean reuseport, int backlog, boolean ssl,
    boolean http2) {
  public static final int DEFAULT_BACKLOG = 511;

  /** A plain-text listener. */
  public Listen(String host, int port, boolean defaultServer, boolean reuseport, int backlog) {
    this(host, port, defaultServer, reuseport, backlog, false, false);
  }

  /** The {@code host:port} this listener binds, as used to group servers sharing a socket. */
  public String bindKey() {
    return host + ":" + port;
  }
}
