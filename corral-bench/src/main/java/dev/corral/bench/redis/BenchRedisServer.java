package dev.corral.bench.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process for a benchmark: a free 127.0.0.1 port, no persistence, stopped on
 * {@link #close()}. The binary is {@code $REDIS_SERVER} or {@code /usr/bin/redis-server}.
 */
final class BenchRedisServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private BenchRedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static BenchRedisServer start() throws IOException, InterruptedException {
    String binary = System.getenv().getOrDefault("REDIS_SERVER", "/usr/bin/redis-server");
    if (!Files.isExecutable(Path.of(binary))) {
      throw new IllegalStateException("redis-server not found at " + binary
          + " (install it, e.g. apt-get install redis-server, or set REDIS_SERVER)");
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Process process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--loglevel", "warning")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BenchRedisServer server = new BenchRedisServer(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + " on port " + port);
      }
      if (server.ping()) {
        return server;
      }
      Thread.sleep(20);
    }
    server.close();
    throw new IOException("redis-server on port " + port + " did not answer PING within 20 s");
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  private boolean ping() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = in.readNBytes(5);
      return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
