package dev.corral.gate.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend on 127.0.0.1 that answers every request head with the same bytes, written as given (so a test chooses
 * line endings, framing and spelling the JDK's server would normalize), then keeps the connection open for the next
 * request, or closes it when {@code closeAfterAnswer}. Records the request heads it read.
 */
final class RawBackend implements AutoCloseable {
  final List<String> heads = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final byte[] answer;
  private final boolean closeAfterAnswer;

  RawBackend(String answer, boolean closeAfterAnswer) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.answer = answer.getBytes(StandardCharsets.ISO_8859_1);
    this.closeAfterAnswer = closeAfterAnswer;
    Thread.ofVirtual().name("raw-backend-accept").start(this::acceptLoop);
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().name("raw-backend-conn").start(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String head;
      while ((head = readHead(in)) != null) {
        heads.add(head);
        out.write(answer);
        out.flush();
        if (closeAfterAnswer) {
          return;
        }
      }
    } catch (IOException e) {
      // the gate closed the connection: nothing more to answer
    }
  }

  /** The request head up to its empty line (requests here have no body), or null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
