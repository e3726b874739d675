package dev.corral.gate.admin;

import dev.corral.gate.config.AdminListen;
import dev.corral.gate.log.ErrorLog;
import dev.corral.gate.metrics.GateMetrics;
import dev.corral.gate.proxy.GateEngine;
import dev.corral.gate.proxy.GateStartException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The gate's runtime API server ({@code admin_listen}): HTTP/1.1 + JSON on Unix sockets and loopback ports, off
 * the event loops. Each listener accepts on a virtual thread and serves each connection on a virtual thread of its
 * own with plain blocking JDK channels: one request per connection, answered with {@code Connection: close}. A
 * connection on a Unix socket is served only if its peer runs as the gate's user ({@code SO_PEERCRED}); others get
 * 403. A connection that has not sent a whole request within the request timeout is closed.
 *
 * <p>{@link #reconfigure} follows a reload: listeners whose directive is unchanged keep their socket, new ones are
 * bound, removed ones are closed.
 *
 * <p>Thread-safety: {@code reconfigure} and {@code close} are serialized by the object's lock; connections are
 * served concurrently (the balancer's lock orders their changes).
 */
public final class AdminServer implements AutoCloseable {
  /** How long a connection may take to send its request. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final AdminApi api;
  private final GateMetrics metrics;
  private final ErrorLog errorLog;
  private final PeerCredentials credentials;
  private final ScheduledExecutorService timer;
  private final Map<String, AdminListener> listeners = new LinkedHashMap<>();

  private AdminServer(AdminApi api, GateMetrics metrics, ErrorLog errorLog, PeerCredentials credentials,
      ScheduledExecutorService timer) {
    this.api = api;
    this.metrics = metrics;
    this.errorLog = errorLog;
    this.credentials = credentials;
    this.timer = timer;
  }

  /**
   * Binds every listener and starts serving {@code engine}'s upstreams and {@code metrics}.
   *
   * @param timer closes connections that exceed {@link #REQUEST_TIMEOUT}; owned by the caller
   * @throws GateStartException if a listener cannot be bound (none is left bound)
   */
  public static AdminServer start(List<AdminListen> listens, GateEngine engine, GateMetrics metrics,
      ErrorLog errorLog, ScheduledExecutorService timer) {
    AdminServer server = new AdminServer(new AdminApi(engine::liveUpstreams, metrics), metrics, errorLog,
        new PeerCredentials(PeerCredentials.currentUser()), timer);
    try {
      server.reconfigure(listens);
    } catch (GateStartException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * Switches to {@code listens}: keeps unchanged listeners, binds new ones, closes the others. The gate records
   * request metrics only while it has a listener to serve them on.
   *
   * @throws GateStartException if a new listener cannot be bound (the listeners are as before)
   */
  public synchronized void reconfigure(List<AdminListen> listens) {
    Map<String, AdminListen> wanted = new LinkedHashMap<>();
    listens.forEach(l -> wanted.put(l.toString(), l));
    List<String> added = new ArrayList<>();
    try {
      for (Map.Entry<String, AdminListen> e : wanted.entrySet()) {
        if (!listeners.containsKey(e.getKey())) {
          listeners.put(e.getKey(), AdminListener.bind(e.getValue(), this::serve));
          added.add(e.getKey());
        }
      }
    } catch (GateStartException e) {
      added.forEach(k -> listeners.remove(k).close());
      throw e;
    }
    for (String key : new ArrayList<>(listeners.keySet())) {
      if (!wanted.containsKey(key)) {
        listeners.remove(key).close();
      }
    }
    metrics.recording(!listeners.isEmpty());
  }

  /** The addresses listened on ({@code unix:PATH} or {@code host:port}); loopback ports as bound. */
  public synchronized List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (AdminListener l : listeners.values()) {
      InetSocketAddress tcp = tcpAddress(l);
      out.add(tcp == null ? l.listen().toString() : l.listen().host() + ":" + tcp.getPort());
    }
    return out;
  }

  private static InetSocketAddress tcpAddress(AdminListener l) {
    try {
      return l.tcpAddress();
    } catch (IOException e) {
      return null;
    }
  }

  /** Closes every listener (removing socket files); connections being served finish. */
  @Override
  public synchronized void close() {
    listeners.values().forEach(AdminListener::close);
    listeners.clear();
  }

  private void serve(SocketChannel channel) {
    Thread.ofVirtual().name("corral-gate-admin").start(() -> {
      ScheduledFuture<?> deadline = timer.schedule(() -> closeQuietly(channel), REQUEST_TIMEOUT.toMillis(),
          TimeUnit.MILLISECONDS);
      try (channel) {
        respond(channel);
      } catch (IOException e) {
        // the client went away or timed out: nothing to answer
      } finally {
        deadline.cancel(false);
      }
    });
  }

  private void respond(SocketChannel channel) throws IOException {
    boolean unix = !(channel.getLocalAddress() instanceof InetSocketAddress);
    Optional<String> refused = unix ? credentials.refuse(channel) : Optional.empty();
    InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
    if (refused.isPresent()) {
      errorLog.error("runtime API: connection refused: " + refused.get());
      // Read the request before answering: closing a Unix socket with the request still unread resets it, and the
      // client may then lose the 403 (it saw "connection reset" instead). The read is bounded by RequestReader's
      // limits and the request deadline; what it says is not acted on.
      try {
        RequestReader.read(in);
      } catch (RuntimeException e) { // ApiError too
        // a malformed request is refused all the same
      }
      write(channel, api.error(new ApiError(403, "Forbidden", refused.get())));
      return;
    }
    AdminResponse response;
    AdminRequest request = null;
    try {
      request = RequestReader.read(in);
      response = api.handle(request);
    } catch (ApiError e) {
      response = api.error(e);
    } catch (RuntimeException e) { // a bug: answer 500 and log it rather than drop the connection silently
      errorLog.error("runtime API: " + e);
      response = api.error(new ApiError(500, "InternalError", e.toString()));
    }
    if (request != null && !request.method().equals("GET")) {
      errorLog.notice("runtime API: " + request.method() + " " + request.path() + " " + response.status());
    }
    write(channel, response);
  }

  private static void write(SocketChannel channel, AdminResponse response) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(response.bytes());
    while (out.hasRemaining()) {
      channel.write(out);
    }
    channel.shutdownOutput();
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
