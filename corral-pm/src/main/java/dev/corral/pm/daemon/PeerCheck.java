package dev.corral.pm.daemon;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Checks that the process on the other end of a Unix socket runs as the daemon's user, with the kernel's peer
 * credentials ({@code SO_PEERCRED} through {@link ExtendedSocketOptions#SO_PEERCRED}). This is the second fence:
 * the first is the socket's mode 0600 inside a 0700 folder. Root is refused too: root does not need the daemon,
 * and an app started on root's behalf would run as this user. Stateless and thread-safe.
 */
final class PeerCheck {
  private final UserPrincipal owner;

  /** @param owner the only user accepted */
  PeerCheck(UserPrincipal owner) {
    this.owner = owner;
  }

  /** Empty when the peer is accepted, else the reason it is not. */
  java.util.Optional<String> refuse(SocketChannel channel) {
    try {
      UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
      if (peer.user().getName().equals(owner.getName())) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of("peer user " + peer.user().getName() + " is not the daemon's user "
          + owner.getName());
    } catch (IOException | UnsupportedOperationException e) {
      return java.util.Optional.of("cannot read the peer's credentials: " + e.getMessage());
    }
  }
}
