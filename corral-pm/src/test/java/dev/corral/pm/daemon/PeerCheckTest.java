package dev.corral.pm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerCheckTest {
  @TempDir Path dir;

  private String verdict(UserPrincipal owner) throws Exception {
    Path sock = dir.resolve("s");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(sock));
          SocketChannel accepted = server.accept()) {
        return new PeerCheck(owner).refuse(accepted).orElse("accepted");
      }
    }
  }

  @Test
  void peerOfTheSameUserIsAccepted() throws Exception {
    assertThat(verdict(Files.getOwner(dir))).isEqualTo("accepted");
  }

  @Test
  void peerOfAnotherUserIsRefused() throws Exception {
    String me = Files.getOwner(dir).getName();
    String other = me.equals("nobody") ? "root" : "nobody";
    UserPrincipal stranger = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(other);
    assertThat(verdict(stranger)).contains("is not the daemon's user " + other);
  }
}
