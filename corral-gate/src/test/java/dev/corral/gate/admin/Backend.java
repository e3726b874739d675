package dev.corral.gate.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A keep-alive HTTP/1.1 backend on 127.0.0.1 on plain sockets, one virtual thread per connection, so a test can
 * count its open connections: answers every request with its name; {@code ?delay=MS} waits that long first.
 * In {@link Mode#RESET} it reads a request and resets the connection without a response byte; in
 * {@link Mode#CLOSE} it closes it (what the kernel does for an instance killed with {@code kill -9}).
 */
final class Backend implements AutoCloseable {
  enum Mode { SERVE, CLOSE, RESET }

  final String name;
  final ServerSocket server;
  final Mode mode;
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger openConnections = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();

  Backend(String name) throws IOException {
    this(name, Mode.SERVE);
  }

  Backend(String name, Mode mode) throws IOException {
    this(name, mode, 0);
  }

  /** A backend on {@code port} of 127.0.0.1 (0: a free one), e.g. to bring back one that was closed. */
  Backend(String name, Mode mode, int port) throws IOException {
    this.name = name;
    this.mode = mode;
    server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::acceptLoop);
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        openConnections.incrementAndGet();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      while (true) {
        String requestLine = in.readLine();
        if (requestLine == null) {
          return;
        }
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        for (int i = 0; i < length; i++) {
          in.read();
        }
        requests.incrementAndGet();
        if (mode == Mode.RESET) {
          s.setSoLinger(true, 0);
          return;
        }
        if (mode == Mode.CLOSE) {
          return;
        }
        inFlight.incrementAndGet();
        try {
          int delay = requestLine.indexOf("delay=");
          if (delay >= 0) {
            Thread.sleep(Long.parseLong(requestLine.substring(delay + 6).split("[ &]")[0]));
          }
        } finally {
          inFlight.decrementAndGet();
        }
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the gate closed the connection
    } finally {
      openConnections.decrementAndGet();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
