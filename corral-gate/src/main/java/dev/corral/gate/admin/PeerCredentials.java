package dev.corral.gate.admin;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Checks that the process on the other end of a Unix socket runs as the gate's own user, with the kernel's peer
 * credentials ({@code SO_PEERCRED} through {@link ExtendedSocketOptions#SO_PEERCRED}). The second fence after the
 * socket's mode 0600: it holds even when the file's mode is loosened or its folder is shared. Stateless and
 * thread-safe.
 */
final class PeerCredentials {
  private final String owner;

  /** @param owner the name of the only user served (the gate's own) */
  PeerCredentials(String owner) {
    this.owner = owner;
  }

  /** The gate process's user name. */
  static String currentUser() {
    return ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
  }

  /** Empty when the peer is the owner, else why it is refused. */
  Optional<String> refuse(SocketChannel channel) {
    try {
      UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
      String user = peer.user().getName();
      return user.equals(owner) ? Optional.empty()
          : Optional.of("peer user " + user + " is not the gate's user " + owner);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("cannot read the peer's credentials: " + e.getMessage());
    }
  }
}
