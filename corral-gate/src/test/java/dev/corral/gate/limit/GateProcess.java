package dev.corral.gate.limit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code corral gate} in its own JVM ({@link GateMain}) on this test's class path; killed by {@link #close()}. */
final class GateProcess implements AutoCloseable {
  private final Process process;
  private final Path prefix;
  final int port;

  /** Starts a gate on {@code port} with {@code config} written to PREFIX/gate.conf; waits until it accepts. */
  GateProcess(Path prefix, int port, String config) throws IOException, InterruptedException {
    this.prefix = prefix;
    this.port = port;
    Files.createDirectories(prefix.resolve("logs"));
    Files.writeString(prefix.resolve("gate.conf"), config);
    String java = ProcessHandle.current().info().command().orElse("java");
    process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        GateMain.class.getName(), prefix.toString(), "gate.conf"))
        .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          close();
          throw new IOException("gate did not start: " + output(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** The gate's error log and terminal output so far. */
  String output() throws IOException {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("logs/error.log", "logs/stdout.log")) {
      Path p = prefix.resolve(name);
      if (Files.exists(p)) {
        out.append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return out.toString();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }
}
