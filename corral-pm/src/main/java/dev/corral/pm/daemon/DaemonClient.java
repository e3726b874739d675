package dev.corral.pm.daemon;

import dev.corral.pm.PmException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's side of the protocol: connects to the daemon's socket (starting the daemon first when none answers),
 * sends one request and returns the result, or throws a {@link PmException} carrying the daemon's one-line error.
 * A reply of another protocol version is reported as such, never parsed as if it were ours. Speaks JSON with
 * {@link WireJson}, not Jackson, so a CLI command does not pay Jackson's start-up; results are plain maps and lists.
 *
 * <p>Not thread-safe; one per command invocation.
 */
public final class DaemonClient {
  private static final long START_TIMEOUT_MS = 30_000;
  private static final long POLL_MS = 25;

  private final CorralHome home;
  private final DaemonLauncher launcher;

  public DaemonClient(CorralHome home, DaemonLauncher launcher) {
    this.home = home;
    this.launcher = launcher;
  }

  public CorralHome home() {
    return home;
  }

  /** Sends {@code cmd}, starting the daemon if it is not running; returns the result (maps, lists, values). */
  public Object call(String cmd, Map<String, ?> args) {
    Optional<SocketChannel> channel = connect();
    if (channel.isEmpty()) {
      channel = Optional.of(startDaemon());
    }
    return exchange(channel.get(), cmd, args, Protocol.VERSION);
  }

  /** Sends {@code cmd} only if a daemon is running; empty otherwise. */
  public Optional<Object> callIfRunning(String cmd, Map<String, ?> args) {
    return connect().map(ch -> exchange(ch, cmd, args, Protocol.VERSION));
  }

  /**
   * Stops the daemon and its apps whatever protocol version it speaks, so a new CLI can always stop a daemon left
   * by an older build: {@code kill} takes no arguments and answers with the stopped instances in every version.
   * Empty when no daemon runs.
   */
  public Optional<Object> killAnyVersion() {
    Optional<SocketChannel> channel = connect();
    if (channel.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(exchange(channel.get(), "kill", Map.of(), Protocol.VERSION));
    } catch (VersionMismatch e) {
      return connect().map(ch -> exchange(ch, "kill", Map.of(), e.daemonVersion));
    }
  }

  /** The daemon answered in another protocol version. */
  private static final class VersionMismatch extends PmException {
    private final int daemonVersion;

    VersionMismatch(String message, int daemonVersion) {
      super(message);
      this.daemonVersion = daemonVersion;
    }
  }

  private Optional<SocketChannel> connect() {
    home.prepare();
    if (!java.nio.file.Files.exists(home.socket())) {
      return Optional.empty();
    }
    try {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.connect(UnixDomainSocketAddress.of(home.socket()));
        return Optional.of(ch);
      } catch (IOException e) {
        ch.close();
        return Optional.empty(); // a stale socket file: no daemon listens
      }
    } catch (IOException e) {
      throw new PmException("cannot open a socket: " + e.getMessage(), e);
    }
  }

  private SocketChannel startDaemon() {
    Process daemon = launcher.launch(home);
    long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
    while (System.nanoTime() < deadline) {
      Optional<SocketChannel> ch = connect();
      if (ch.isPresent()) {
        return ch.get();
      }
      if (!daemon.isAlive() && daemon.exitValue() != 1) {
        throw new PmException("the daemon exited with code " + daemon.exitValue() + " while starting: "
            + DaemonLauncher.logTail(home, 3));
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PmException("interrupted while starting the daemon", e);
      }
    }
    throw new PmException("the daemon did not start listening on " + home.socket() + " within "
        + START_TIMEOUT_MS / 1000 + " s: " + DaemonLauncher.logTail(home, 3));
  }

  private Object exchange(SocketChannel channel, String cmd, Map<String, ?> args, int speak) {
    try (channel;
        OutputStream out = Channels.newOutputStream(channel);
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
            StandardCharsets.UTF_8))) {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("v", speak);
      request.put("cmd", cmd);
      request.put("args", args);
      out.write(WireJson.write(request).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      out.flush();
      String line = in.readLine();
      if (line == null) {
        throw new PmException("the daemon closed the connection without answering '" + cmd + "' (see "
            + home.daemonLog() + ")");
      }
      Map<String, Object> reply;
      try {
        reply = WireJson.asObject(WireJson.parse(line));
      } catch (IllegalArgumentException e) {
        throw new PmException("the daemon's reply to '" + cmd + "' is not protocol JSON: " + e.getMessage(), e);
      }
      long version = reply.get("v") instanceof Number n ? n.longValue() : -1;
      if (version != speak || "version".equals(reply.get("code"))) {
        throw new VersionMismatch("protocol version mismatch: this CLI speaks " + Protocol.VERSION
            + ", the daemon speaks " + version + "; run 'corral kill' (it stops the apps and that daemon) and retry",
            (int) version);
      }
      if (!Boolean.TRUE.equals(reply.get("ok"))) {
        Object error = reply.get("error");
        throw new PmException(error != null ? error.toString() : "the daemon refused '" + cmd + "'");
      }
      return reply.get("result");
    } catch (IOException e) {
      throw new PmException("lost the connection to the daemon during '" + cmd + "': " + e.getMessage(), e);
    }
  }
}
