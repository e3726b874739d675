package dev.corral.cli.pm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps {@code connections} keep-alive HTTP/1.1 clients busy against 127.0.0.1:port until {@link #stop()} (and
 * at most {@code maxTime}): each sends GET / (or the given method and path) in a loop and records who answered (the body's first word, the app's
 * pid) and every failure — an exception or a non-2xx status. Bounded in time; each request has a 10 s timeout.
 */
final class LoadClient implements AutoCloseable {
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong ok = new AtomicLong();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> byPid = new ConcurrentHashMap<>();
  private final long deadline;

  LoadClient(int port, int connections, Duration maxTime) {
    this(port, connections, maxTime, "GET", "/");
  }

  /** As above, with another method (POST is never retried by the gate) and path (e.g. {@code /?delay=200}). */
  LoadClient(int port, int connections, Duration maxTime, String method, String path) {
    this.deadline = System.nanoTime() + maxTime.toNanos();
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    for (int c = 0; c < connections; c++) {
      // One client per loop: each holds its own keep-alive connection, as wrk's connections do.
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      threads.execute(() -> {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
            .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("payload")).build();
        while (running.get() && System.nanoTime() < deadline) {
          try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
              ok.incrementAndGet();
              byPid.computeIfAbsent(r.body().split(" ")[0], k -> new AtomicLong()).incrementAndGet();
            } else {
              failures.add("status " + r.statusCode() + ": " + r.body().strip());
            }
          } catch (java.io.IOException e) {
            failures.add(e.toString());
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }
  }

  /** Requests answered 2xx so far. */
  long ok() {
    return ok.get();
  }

  /** Waits until at least {@code n} more requests have been answered (at most 30 s). */
  void awaitMore(long n) throws InterruptedException {
    long target = ok.get() + n;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ok.get() < target && System.nanoTime() < until) {
      Thread.sleep(10);
    }
  }

  /** Every failure so far, in order. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Answers so far by the pid that gave them. */
  Map<String, Long> answersByPid() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    byPid.forEach((pid, n) -> copy.put(pid, n.get()));
    return copy;
  }

  /** Stops the loops and waits for them. */
  void stop() throws InterruptedException {
    running.set(false);
    threads.shutdown();
    threads.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
