package dev.corral.gate.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real TCP backend on a loopback port, one thread per connection. In {@link Mode#ECHO} it answers every chunk it
 * reads with its name, a colon and the chunk; in {@link Mode#COUNT} it reads until the client's FIN and then
 * answers {@code NAME:N} (the bytes it read) and closes; in {@link Mode#FLOOD} it reads one byte, writes {@code floodBytes}
 * bytes and closes.
 */
final class EchoBackend implements AutoCloseable {
  enum Mode { ECHO, COUNT, FLOOD }

  final String name;
  private final ServerSocket server;
  private final Mode mode;
  private final long floodBytes;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  final List<Socket> accepted = new CopyOnWriteArrayList<>();

  EchoBackend(String name) throws IOException {
    this(name, Mode.ECHO, 0);
  }

  EchoBackend(String name, Mode mode, long floodBytes) throws IOException {
    this.name = name;
    this.mode = mode;
    this.floodBytes = floodBytes;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        accepted.add(s);
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[8192];
      switch (mode) {
        case ECHO -> {
          int n;
          while ((n = in.read(buf)) > 0) {
            out.write((name + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(buf, 0, n);
            out.flush();
          }
        }
        case COUNT -> {
          long total = 0;
          int n;
          while ((n = in.read(buf)) > 0) {
            total += n;
          }
          out.write((name + ":" + total).getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        case FLOOD -> {
          // The client's one byte is read first: closing with unread input would reset the connection.
          if (in.read() < 0) {
            return;
          }
          byte[] chunk = new byte[64 * 1024];
          for (long sent = 0; sent < floodBytes; sent += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, floodBytes - sent));
          }
          out.flush();
        }
      }
    } catch (IOException e) {
      // the client or the test closed the connection
    }
  }

  /** Closes every accepted connection now (the backend dies mid-session) but keeps listening. */
  void dropConnections() throws IOException {
    for (Socket s : accepted) {
      s.close();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropConnections();
    threads.shutdownNow();
  }
}
