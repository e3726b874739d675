package dev.corral.gate.stream;

import dev.corral.gate.config.GateConfig;
import dev.corral.gate.config.GateConfigLoader;
import dev.corral.gate.log.AccessLogWriter;
import dev.corral.gate.log.ErrorLog;
import dev.corral.gate.proxy.GateEngine;
import dev.corral.gate.proxy.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gate started from a config text in which {@code PORT} stands for a free loopback port, for stream tests; its
 * error log is kept in memory and its access log lines are flushed by {@link #close()} or {@link #accessLog()}.
 */
final class StreamGate implements AutoCloseable {
  final int port;
  final Path prefix;
  final GateEngine engine;
  private final AccessLogWriter accessLog;
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

  StreamGate(Path prefix, String config) throws IOException {
    this.prefix = prefix;
    this.port = freePort();
    ErrorLog log = ErrorLog.toStream(new PrintStream(errors, true, StandardCharsets.UTF_8), "info");
    accessLog = new AccessLogWriter(log);
    GateConfig loaded = load(config);
    accessLog.configure(loaded.accessLogs());
    engine = GateEngine.start(loaded, Transport.best(), log, accessLog);
  }

  GateConfig load(String config) throws IOException {
    Files.writeString(prefix.resolve("gate.conf"), config.replace("PORT", Integer.toString(port)));
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  void reload(String config) throws IOException {
    GateConfig loaded = load(config);
    accessLog.configure(loaded.accessLogs());
    engine.reload(loaded);
  }

  String errorLog() {
    return errors.toString(StandardCharsets.UTF_8);
  }

  /** The access log file {@code name} under the prefix, flushed first. */
  String accessLog(String name) throws IOException {
    accessLog.flush();
    Path file = prefix.resolve(name);
    return Files.exists(file) ? Files.readString(file) : "";
  }

  Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    return s;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Writes {@code text} and reads one answer of exactly {@code expected} bytes (or until EOF). */
  static String exchange(Socket s, String text, int expected) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return read(s.getInputStream(), expected);
  }

  static String read(InputStream in, int expected) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (got.size() < expected) {
      int n = in.read(buf, 0, Math.min(buf.length, expected - got.size()));
      if (n < 0) {
        break;
      }
      got.write(buf, 0, n);
    }
    return got.toString(StandardCharsets.US_ASCII);
  }

  /** Reads until the text read ends with {@code end}, or EOF; the socket's read timeout bounds the wait. */
  static String readToEnd(Socket s, String end) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    while (!got.toString(StandardCharsets.US_ASCII).endsWith(end)) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      got.write(c);
    }
    return got.toString(StandardCharsets.US_ASCII);
  }

  /** Reads until EOF; the socket's read timeout bounds the wait. */
  static String readToEnd(Socket s) throws IOException {
    return read(s.getInputStream(), Integer.MAX_VALUE);
  }

  @Override
  public void close() {
    engine.close();
  }
}
