package dev.corral.gate.admin;

import dev.corral.gate.config.AdminListen;
import dev.corral.gate.proxy.GateStartException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

/**
 * One bound {@code admin_listen} socket and the virtual thread accepting on it; each accepted connection goes to
 * the handler (which runs it on a virtual thread of its own). A Unix socket is bound under a temporary name, given
 * mode 0600 and only then renamed into place, so no other user can connect in between; a stale file left by a
 * gate that died is replaced, a socket another live process serves is refused. The file is removed on close.
 *
 * <p>Thread-safety: {@link #close} may be called from any thread; it ends the accepting thread.
 */
final class AdminListener implements AutoCloseable {
  private final AdminListen listen;
  private final ServerSocketChannel server;
  private final Thread acceptor;

  private AdminListener(AdminListen listen, ServerSocketChannel server, Consumer<SocketChannel> handler) {
    this.listen = listen;
    this.server = server;
    this.acceptor = Thread.ofVirtual().name("corral-gate-admin-accept " + listen).start(() -> accept(handler));
  }

  /**
   * Binds {@code listen} and starts accepting.
   *
   * @throws GateStartException if the socket cannot be bound (the message names the directive and the reason)
   */
  static AdminListener bind(AdminListen listen, Consumer<SocketChannel> handler) {
    try {
      ServerSocketChannel server = listen.socket().isPresent() ? bindUnix(listen.socket().get())
          : bindLoopback(listen);
      return new AdminListener(listen, server, handler);
    } catch (IOException | UnsupportedOperationException e) {
      throw new GateStartException("admin_listen " + listen + " in " + listen.position() + ": bind() failed ("
          + e.getMessage() + ")", e);
    }
  }

  AdminListen listen() {
    return listen;
  }

  /** The bound TCP address (for a loopback listener on port 0 in tests); null for a Unix socket. */
  InetSocketAddress tcpAddress() throws IOException {
    return server.getLocalAddress() instanceof InetSocketAddress a ? a : null;
  }

  private static ServerSocketChannel bindLoopback(AdminListen listen) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.bind(new InetSocketAddress(listen.host(), listen.port()), 64);
      return server;
    } catch (IOException e) {
      server.close();
      throw e;
    }
  }

  private static ServerSocketChannel bindUnix(Path path) throws IOException {
    Path absolute = path.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      if (served(absolute)) {
        throw new IOException("another process serves " + absolute);
      }
      Files.delete(absolute); // left by a gate that did not stop cleanly
    }
    Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid());
    Files.deleteIfExists(temporary);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(temporary), 64);
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return server;
    } catch (IOException e) {
      server.close();
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  private static boolean served(Path socket) {
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void accept(Consumer<SocketChannel> handler) {
    while (server.isOpen()) {
      try {
        handler.accept(server.accept());
      } catch (ClosedChannelException e) {
        return; // closed by close()
      } catch (IOException e) {
        if (!server.isOpen()) {
          return;
        }
        // accept() failing on an open socket (out of descriptors): back off briefly instead of spinning.
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** Stops accepting; connections already accepted finish. Removes a Unix socket's file. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // nothing left to release
    }
    acceptor.interrupt();
    try {
      // The JDK releases a channel closed under a blocked accept only once that accept returns: until then the port
      // may still take a connection (then reset). Waiting for the acceptor makes "closed" mean "refuses".
      acceptor.join(java.time.Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    listen.socket().ifPresent(p -> {
      try {
        Files.deleteIfExists(p.toAbsolutePath());
      } catch (IOException e) {
        // best effort: a stale file is replaced by the next gate
      }
    });
  }
}
