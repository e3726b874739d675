package dev.corral.pm.daemon;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.protocol.ProtocolCodec;
import dev.corral.pm.daemon.protocol.ProtocolException;
import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The CLI's side of the protocol: connects to the daemon's socket (starting the daemon first when none answers),
 * sends one typed {@link Request} and returns its typed {@link Reply}, or throws a {@link PmException} carrying the
 * daemon's one-line error. A reply of another protocol version is reported as such, never parsed as if it were
 * ours. Encodes with {@link ProtocolCodec} (WireJson, not Jackson, so a CLI command does not pay Jackson's
 * start-up).
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

  /**
   * Sends {@code request}, starting the daemon if it is not running, and returns its typed reply.
   *
   * @throws PmException with the daemon's one-line error when it refuses the request, or when it speaks another
   *     protocol version, cannot be reached or answers something else than the reply's shape
   */
  public <R extends Reply> R send(Request<R> request) {
    Optional<SocketChannel> channel = connect();
    if (channel.isEmpty()) {
      channel = Optional.of(startDaemon());
    }
    return exchange(channel.get(), request, ProtocolCodec.VERSION);
  }

  /** Sends {@code request} only if a daemon is running; empty otherwise. Errors as {@link #send}. */
  public <R extends Reply> Optional<R> sendIfRunning(Request<R> request) {
    return connect().map(ch -> exchange(ch, request, ProtocolCodec.VERSION));
  }

  /**
   * Stops the daemon and its apps whatever protocol version it speaks, so a new CLI can always stop a daemon left
   * by an older build: {@code kill} takes no arguments and answers with the stopped instances in every version.
   * Empty when no daemon runs.
   */
  public Optional<Reply.Instances> killAnyVersion() {
    Optional<SocketChannel> channel = connect();
    if (channel.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(exchange(channel.get(), new Request.Kill(), ProtocolCodec.VERSION));
    } catch (VersionMismatch e) {
      return connect().map(ch -> exchange(ch, new Request.Kill(), e.daemonVersion));
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

  private <R extends Reply> R exchange(SocketChannel channel, Request<R> request, int speak) {
    String cmd = request.command();
    try (channel;
        OutputStream out = Channels.newOutputStream(channel);
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
            StandardCharsets.UTF_8))) {
      out.write(ProtocolCodec.request(request, speak).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      out.flush();
      String line = in.readLine();
      if (line == null) {
        throw new PmException("the daemon closed the connection without answering '" + cmd + "' (see "
            + home.daemonLog() + ")");
      }
      ProtocolCodec.Envelope reply;
      try {
        reply = ProtocolCodec.readReply(line);
      } catch (ProtocolException e) {
        throw new PmException("the daemon's reply to '" + cmd + "' is " + e.getMessage(), e);
      }
      if (reply.version() != speak || ProtocolException.VERSION.equals(reply.code())) {
        throw new VersionMismatch("protocol version mismatch: this CLI speaks " + ProtocolCodec.VERSION
            + ", the daemon speaks " + reply.version() + "; run 'corral kill' (it stops the apps and that daemon)"
            + " and retry", (int) reply.version());
      }
      if (!reply.ok()) {
        throw new PmException(!reply.error().isEmpty() ? reply.error() : "the daemon refused '" + cmd + "'");
      }
      return ProtocolCodec.result(request, reply.result());
    } catch (IOException e) {
      throw new PmException("lost the connection to the daemon during '" + cmd + "': " + e.getMessage(), e);
    }
  }
}
