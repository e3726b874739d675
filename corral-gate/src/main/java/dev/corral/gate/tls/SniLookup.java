package dev.corral.gate.tls;

import io.netty.channel.Channel;
import java.util.Optional;

/**
 * Chooses the server whose TLS settings answer a handshake: by the client's SNI name among the servers of the
 * connection's listening address, with nginx's default-server rule when the name matches none or is absent. The
 * HTTP and stream modules each implement it over their own servers. Called on the connection's event loop; must
 * not block.
 */
@FunctionalInterface
public interface SniLookup {
  /**
   * The TLS of the server for {@code serverName} on {@code channel}'s listening address.
   *
   * @param serverName the SNI host name, lower case; empty if the client sent none
   */
  ServerTls select(Channel channel, Optional<String> serverName);
}
