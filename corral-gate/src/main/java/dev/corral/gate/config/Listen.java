package dev.corral.gate.config;

/**
 * A {@code listen} directive.
 *
 * @param host the address to bind, {@code "*"} for all (nginx's default when only a port is given)
 * @param backlog the accept queue length ({@code backlog=}); nginx's default on Linux is 511
 */
public record Listen(String host, int port, boolean defaultServer, boolean reuseport, int backlog) {
  public static final int DEFAULT_BACKLOG = 511;

  /** The {@code host:port} this listener binds, as used to group servers sharing a socket. */
  public String bindKey() {
    return host + ":" + port;
  }
}
