package dev.corral.gate.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange with the runtime API per call, over a Unix socket or a loopback port, with plain JDK
 * blocking channels. The whole exchange is bounded by the timeout: a virtual thread closes the channel when it
 * passes. Immutable and thread-safe.
 */
final class AdminTransport {
  /** An answer: the status and the body. */
  record Reply(int status, byte[] body) {}

  private final Path socket;
  private final int port;
  private final Duration timeout;

  private AdminTransport(Path socket, int port, Duration timeout) {
    this.socket = socket;
    this.port = port;
    this.timeout = timeout;
  }

  static AdminTransport unix(Path socket, Duration timeout) {
    return new AdminTransport(socket, 0, timeout);
  }

  static AdminTransport loopback(int port, Duration timeout) {
    return new AdminTransport(null, port, timeout);
  }

  /** Where it connects, for messages. */
  String target() {
    return socket != null ? "gate admin socket " + socket : "gate admin port 127.0.0.1:" + port;
  }

  Reply exchange(String method, String path, byte[] body) {
    if (socket != null && !Files.exists(socket)) {
      throw new GateAdminException(target() + " does not exist (is the gate running with admin_listen unix:"
          + socket + ";?)", null);
    }
    SocketChannel channel;
    try {
      channel = socket != null ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    } catch (IOException e) {
      throw new GateAdminException("cannot open a socket: " + e.getMessage(), e);
    }
    Thread watchdog = Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(timeout);
        channel.close();
      } catch (InterruptedException | IOException e) {
        // finished in time
      }
    });
    try (channel) {
      SocketAddress address = socket != null ? UnixDomainSocketAddress.of(socket)
          : new InetSocketAddress("127.0.0.1", port);
      try {
        channel.connect(address);
      } catch (IOException e) {
        if (watchdog.isAlive()) {
          throw new GateAdminException(target() + " refuses connections (" + e.getMessage()
              + "; is the gate running?)", e);
        }
        throw e;
      }
      String head = method + " " + path + " HTTP/1.1\r\nHost: gate\r\nConnection: close\r\n"
          + (body.length > 0 ? "Content-Type: application/json\r\n" : "")
          + "Content-Length: " + body.length + "\r\n\r\n";
      write(channel, head.getBytes(StandardCharsets.US_ASCII));
      write(channel, body);
      return read(Channels.newInputStream(channel).readAllBytes());
    } catch (AsynchronousCloseException e) {
      throw new GateAdminException(target() + " did not answer within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      if (!watchdog.isAlive()) {
        throw new GateAdminException(target() + " did not answer within " + timeout.toMillis() + " ms", e);
      }
      throw new GateAdminException(target() + ": " + e.getMessage(), e);
    } finally {
      watchdog.interrupt();
    }
  }

  private static void write(SocketChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
  }

  private Reply read(byte[] all) {
    int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (end < 0) {
      throw new GateAdminException(target() + " closed the connection without a whole answer", null);
    }
    String[] head = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] status = head[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new GateAdminException(target() + " answered something other than HTTP: " + head[0], null);
    }
    int length = all.length - end - 4;
    for (String line : head) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Math.min(length, Integer.parseInt(line.substring(15).trim()));
      }
    }
    byte[] body = new byte[length];
    System.arraycopy(all, end + 4, body, 0, length);
    return new Reply(Integer.parseInt(status[1]), body);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
