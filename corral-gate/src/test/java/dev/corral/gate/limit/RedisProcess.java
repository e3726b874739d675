package dev.corral.gate.limit;

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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * (A copy of corral-limit-redis's test fixture {@code RedisServer}: test classes are not shared between modules.)
 *
 * A real {@code redis-server} child process on a free 127.0.0.1 port, without persistence
 * ({@code --save '' --appendonly no}).
 *
 * <p>{@link #kill()} ends the process abruptly (SIGKILL) and {@link #restart()} starts a fresh one on the
 * <em>same</em> port, so clients connected to it reconnect on their own. Not thread-safe: one test drives it.
 */
public final class RedisProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path binary;
  private final Path log;
  private final List<String> extraArgs;
  private final Path workDir;
  private int port;
  private Process process;

  private RedisProcess(Path binary, Path log, List<String> extraArgs) throws IOException {
    this.binary = binary;
    this.log = log;
    this.extraArgs = List.copyOf(extraArgs);
    this.workDir = Files.createTempDirectory("corral-redis-");
  }

  /** The redis-server executable: {@code $REDIS_SERVER}, else the first {@code redis-server} on PATH or in /usr/bin. */
  public static Optional<Path> findBinary() {
    String explicit = System.getenv("REDIS_SERVER");
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : (path + java.io.File.pathSeparator + "/usr/bin" + java.io.File.pathSeparator + "/usr/local/bin")
        .split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts a server for a test on a free port: without the binary the test is skipped on a developer machine, and
   * fails under {@code CI=true} (CI installs redis-server: .ci/run).
   */
  public static RedisProcess startForTest() throws IOException, InterruptedException {
    Optional<Path> binary = findBinary();
    if (binary.isEmpty()) {
      String missing = "redis-server not found (looked at $REDIS_SERVER, PATH, /usr/bin, /usr/local/bin); "
          + "install it (apt-get install redis-server) or set REDIS_SERVER";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(missing + "; it is required under CI=true");
      }
      org.junit.jupiter.api.Assumptions.abort(missing);
    }
    return start(binary.get());
  }

  /** Starts a server with the given binary on a free port and waits until it answers PING. */
  public static RedisProcess start(Path binary) throws IOException, InterruptedException {
    return start(binary, List.of());
  }

  /**
   * Starts a server with extra {@code redis-server} options (e.g. {@code --cluster-enabled yes}); it runs in a fresh
   * temporary directory, where files such as the cluster config go.
   */
  public static RedisProcess start(Path binary, List<String> extraArgs) throws IOException, InterruptedException {
    Path log = Files.createTempFile("corral-redis-", ".log");
    RedisProcess server = new RedisProcess(binary, log, extraArgs);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      server.port = freePort();
      try {
        server.launch();
        return server;
      } catch (IOException e) {
        last = e; // the port was taken between probing and binding: try another one
        server.destroy();
      }
    }
    throw last;
  }

  /** The port the server listens on; stays the same across {@link #restart()}. */
  public int port() {
    return port;
  }

  /** A Lettuce URI for this server. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Whether the process is alive. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the server abruptly (SIGKILL) and waits for the process to end. */
  public void kill() throws InterruptedException {
    destroy();
  }

  /** Starts a fresh (empty) server on the same port after {@link #kill()}; waits for PING. */
  public void restart() throws IOException, InterruptedException {
    if (isRunning()) {
      throw new IllegalStateException("redis-server on port " + port + " is still running (expected: killed)");
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) { // the old socket may linger for a moment; bounded by START_TIMEOUT
      try {
        launch();
        return;
      } catch (IOException e) {
        destroy();
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Sends one inline command and returns the raw RESP reply (for assertions such as INFO commandstats). */
  public String command(String... words) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      StringBuilder req = new StringBuilder("*").append(words.length).append("\r\n");
      for (String w : words) {
        byte[] b = w.getBytes(StandardCharsets.UTF_8);
        req.append('$').append(b.length).append("\r\n").append(w).append("\r\n");
      }
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readReply(socket.getInputStream());
    }
  }

  /** How many times Redis executed {@code command} (lower case, e.g. "evalsha") since start or CONFIG RESETSTAT. */
  public long commandCalls(String command) throws IOException {
    return commandStats().getOrDefault(command, 0L);
  }

  /**
   * Calls per command (INFO commandstats) since start or CONFIG RESETSTAT, leaving out the commands this fixture
   * sends itself (info, config, ping, flushall). Redis counts the commands a script runs here too.
   */
  public java.util.Map<String, Long> commandStats() throws IOException {
    java.util.Map<String, Long> stats = new java.util.TreeMap<>();
    for (String line : command("INFO", "commandstats").split("\r\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        int from = line.indexOf("calls=") + "calls=".length();
        long calls = Long.parseLong(line.substring(from, line.indexOf(',', from)));
        if (!java.util.Set.of("info", "config", "ping", "flushall").contains(name)) {
          stats.put(name, calls);
        }
      }
    }
    return stats;
  }

  @Override
  public void close() throws IOException {
    try {
      destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while stopping redis-server on port " + port);
    }
    Files.deleteIfExists(log);
    try (var files = Files.walk(workDir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void launch() throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of(binary.toString(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"));
    cmd.addAll(extraArgs);
    process = new ProcessBuilder(cmd)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server on port " + port + " exited with " + process.exitValue()
            + ": " + Files.readString(log).strip());
      }
      try {
        if (command("PING").startsWith("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet: poll again below
      }
      Thread.sleep(20);
    }
    throw new IOException("redis-server on port " + port + " did not answer PING within " + START_TIMEOUT);
  }

  private void destroy() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server pid " + process.pid() + " did not exit after SIGKILL");
      }
      process = null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Reads one RESP reply (simple string, error, integer or bulk string) as text. */
  private static String readReply(InputStream in) throws IOException {
    String first = readLine(in);
    if (first.startsWith("$")) {
      int len = Integer.parseInt(first.substring(1));
      if (len < 0) {
        return "";
      }
      byte[] data = in.readNBytes(len + 2);
      return new String(data, 0, len, StandardCharsets.UTF_8);
    }
    return first;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    if (c == -1 && sb.isEmpty()) {
      throw new IOException("connection closed");
    }
    return sb.toString();
  }
}
