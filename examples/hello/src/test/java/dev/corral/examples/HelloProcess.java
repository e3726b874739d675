package dev.corral.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@link HelloApp} run as a real child JVM (this test JVM's java and class path) on a port it picks, with its
 * stdout read line by line. Close kills it if it is still running. For one test; not thread-safe.
 */
final class HelloProcess implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(60); // bound on every wait: a loaded machine is slow
  private static final String EOF = "\0eof"; // put by the reader after the last line

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>(); // every line, for failures
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
  private final int port;

  private HelloProcess(Map<String, String> env) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        HelloApp.class.getName())).redirectErrorStream(true);
    pb.environment().remove("CORRAL_INSTANCE");
    pb.environment().remove("NODE_APP_INSTANCE");
    pb.environment().put("PORT", "0");
    pb.environment().putAll(env);
    process = pb.start();
    Thread reader = new Thread(this::readLines, "hello-stdout");
    reader.setDaemon(true);
    reader.start();
    String listening = awaitLine(l -> l.startsWith("hello listening on 127.0.0.1:"));
    port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
  }

  /** Starts HelloApp with {@code PORT=0} plus {@code env}, and waits until it listens. */
  static HelloProcess start(Map<String, String> env) throws IOException, InterruptedException {
    return new HelloProcess(env);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return client.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
    return client.sendAsync(request(pathAndQuery), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(WAIT).build();
  }

  /** The next stdout line that matches, waiting for it; fails if none comes or the process ends first. */
  String awaitLine(Predicate<String> match) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (EOF.equals(line)) {
        lines.add(EOF);
        throw new AssertionError("hello closed its stdout before the line expected; it printed " + seen);
      }
      if (line != null && match.test(line)) {
        return line;
      }
    }
    throw new AssertionError("no such line from hello within " + WAIT + "; it printed " + seen);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Sends SIGTERM, as a process manager's stop does. */
  void terminate() {
    process.toHandle().destroy(); // Process.destroy would also close our end of its stdout
  }

  /** Sends SIGINT, as corral's and pm2's stop do by default (`stop_signal`). */
  void interrupt() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -INT " + process.pid() + " failed");
    }
  }

  /** Waits for the exit and returns its status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("hello still running " + WAIT + " after it was told to stop");
    }
    return process.exitValue();
  }

  private void readLines() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        seen.add(line);
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("(stdout read failed: " + e + ")");
    }
    lines.add(EOF);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
