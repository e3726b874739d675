package dev.corral.pm.daemon;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.protocol.ProtocolCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The daemon's listening Unix socket ({@code $CORRAL_HOME/corral.sock}, mode 0600). Each connection gets a virtual
 * thread that checks the peer's user, then reads requests (one JSON line each) and writes responses (one line
 * each) until the client closes. Only control traffic passes here: apps' own network traffic never touches the
 * daemon.
 *
 * <p>Thread-safety: {@link #serve()} runs on one thread; {@link #close()} may be called from any thread and makes
 * {@code serve} return.
 */
final class DaemonServer implements AutoCloseable {
  private final CorralHome home;
  private final RequestHandler handler;
  private final PeerCheck peers;
  private final Consumer<String> events;
  private ServerSocketChannel server;

  DaemonServer(CorralHome home, RequestHandler handler, Consumer<String> events) {
    this.home = home;
    this.handler = handler;
    this.peers = new PeerCheck(home.owner());
    this.events = events;
  }

  /** Replaces a stale socket file, binds, and restricts the socket to its owner. Call with the daemon lock held. */
  void bind() {
    try {
      Files.deleteIfExists(home.socket());
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(home.socket()));
      // Between bind and chmod the socket has umask's mode, but it sits in a 0700 folder nobody else can enter.
      Files.setPosixFilePermissions(home.socket(), PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new PmException("cannot listen on " + home.socket() + ": " + e.getMessage(), e);
    }
  }

  /** Accepts connections until {@link #close()}. */
  void serve() {
    while (server.isOpen()) {
      try {
        SocketChannel channel = server.accept();
        Thread.ofVirtual().name("corral-conn").start(() -> converse(channel));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        events.accept("accept failed: " + e.getMessage());
      }
    }
  }

  private void converse(SocketChannel channel) {
    try (channel;
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
            StandardCharsets.UTF_8));
        OutputStream out = Channels.newOutputStream(channel)) {
      Optional<String> refusal = peers.refuse(channel);
      if (refusal.isPresent()) {
        events.accept("refused a connection: " + refusal.get());
        reply(out, ProtocolCodec.failure("peer", refusal.get()));
        return;
      }
      String line;
      while ((line = in.readLine()) != null) {
        reply(out, handler.answer(line));
        if (handler.shutdownRequested()) {
          close();
          return;
        }
      }
    } catch (IOException e) {
      events.accept("connection ended: " + e.getMessage());
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write(line.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
    out.flush();
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      events.accept("closing the socket failed: " + e.getMessage());
    }
  }
}
