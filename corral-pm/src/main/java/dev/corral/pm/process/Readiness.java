package dev.corral.pm.process;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * Readiness and liveness checks of one launch: the ready file ({@code wait_ready}), a port that accepts, a health
 * URL answering 2xx. {@link #await} blocks its (probe) thread until every configured condition holds, the
 * listen timeout passes, or the launch is no longer wanted; {@link #watchHealth} then polls the URL and reports
 * when it failed {@code health_failures} times in a row.
 *
 * <p>Runs on the supervisor's probe executor, never on its loop (checks block). Stateless apart from its
 * arguments; thread-safe.
 */
final class Readiness {
  static final long POLL_MS = 100;

  /** How a wait ended. */
  enum Outcome { READY, TIMED_OUT, CANCELLED }

  private final AppSpec spec;
  private final Path readyFile;
  private final Clock clock;
  private final BooleanSupplier wanted;
  private final int port;
  private final String healthUrl;

  /**
   * @param readyFile the file the app creates when {@code wait_ready} is set
   * @param wanted false once the launch is stopped or replaced; checked between polls
   * @param port the port that must accept for the launch to be ready ({@code ready_port}, or a cluster-mode
   *     instance's own port); 0 = none
   * @param healthUrl the health URL of this launch (a cluster-mode path resolved against its port); empty = none
   */
  Readiness(AppSpec spec, Path readyFile, Clock clock, BooleanSupplier wanted, int port, String healthUrl) {
    this.spec = spec;
    this.readyFile = readyFile;
    this.clock = clock;
    this.wanted = wanted;
    this.port = port;
    this.healthUrl = healthUrl;
  }

  /** The health URL of a launch listening on {@code port}: a path (cluster mode) is asked of 127.0.0.1:port. */
  static String healthUrl(AppSpec spec, int port) {
    return spec.healthUrl().startsWith("/") ? "http://127.0.0.1:" + port + spec.healthUrl() : spec.healthUrl();
  }

  Outcome await() throws InterruptedException {
    long deadline = clock.millis() + spec.listenTimeoutMs();
    while (wanted.getAsBoolean()) {
      if (ready()) {
        return Outcome.READY;
      }
      if (clock.millis() >= deadline) {
        return Outcome.TIMED_OUT;
      }
      Thread.sleep(POLL_MS);
    }
    return Outcome.CANCELLED;
  }

  /** Polls the health URL while wanted; returns true when it failed health_failures times in a row. */
  boolean watchHealth() throws InterruptedException {
    int failures = 0;
    while (wanted.getAsBoolean()) {
      Thread.sleep(spec.healthIntervalMs());
      if (!wanted.getAsBoolean()) {
        return false;
      }
      failures = healthy() ? 0 : failures + 1;
      if (failures >= spec.healthFailures()) {
        return true;
      }
    }
    return false;
  }

  private boolean ready() {
    return (!spec.usesReadyFile() || Files.exists(readyFile))
        && (port == 0 || accepts(port))
        && (healthUrl.isEmpty() || healthy());
  }

  /** Whether 127.0.0.1:port accepts a connection now. */
  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), (int) POLL_MS);
      return true;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  private boolean healthy() {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create(healthUrl).toURL().openConnection();
      int timeout = (int) Math.min(spec.healthIntervalMs(), 10_000);
      c.setConnectTimeout(timeout);
      c.setReadTimeout(timeout);
      int code = c.getResponseCode();
      return code >= 200 && code < 300;
    } catch (IOException | IllegalArgumentException e) {
      return false; // refused, timed out or malformed: a failed check
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }
}
