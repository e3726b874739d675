package dev.corral.gate.http;

import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.log.AccessLogWriter;
import dev.corral.gate.log.ErrorLog;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every connection of a running gate shares: the current routes (swapped atomically on reload), the logs,
 * the set of open client connections (for graceful shutdown) and the connection counter. Thread-safe.
 */
public final class GateContext {
  public final AtomicReference<Router> routes;
  public final ErrorLog errorLog;
  public final AccessLogWriter accessLog;
  public final ChannelGroup clients;
  final AtomicLong connectionIds = new AtomicLong();
  /** The counts {@code stub_status} shows. */
  public final StubStatus stubStatus = new StubStatus();
  /** Open client connections; new ones beyond {@link #maxConnections} are closed at once. */
  public final java.util.concurrent.atomic.AtomicInteger openConnections = new java.util.concurrent.atomic.AtomicInteger();
  /** {@code worker_connections} × event loops, read from the configuration at start and on reload. */
  public volatile int maxConnections = Integer.MAX_VALUE;
  /** Set when the gate is quitting: connections close after their current response. */
  public volatile boolean draining;

  public GateContext(Router routes, ErrorLog errorLog, AccessLogWriter accessLog, ChannelGroup clients) {
    this.routes = new AtomicReference<>(routes);
    this.errorLog = errorLog;
    this.accessLog = accessLog;
    this.clients = clients;
  }

  /**
   * The {@link RequestObserver}s, the access log first; replaced whole (copy on write) by {@link #observe}, read
   * once per finished request without a lock.
   */
  private volatile RequestObserver[] observers = {new AccessLogObserver(this)};

  /** Adds {@code observer} after those already there; effective for requests that end after this returns. */
  public synchronized void observe(RequestObserver observer) {
    java.util.Objects.requireNonNull(observer, "observer");
    RequestObserver[] now = observers;
    RequestObserver[] next = java.util.Arrays.copyOf(now, now.length + 1);
    next[now.length] = observer;
    observers = next;
  }

  /** Tells every observer that {@code request} ended; an observer's exception is logged, the others still run. */
  void requestFinished(RequestContext request, ProxySettings settings) {
    if (request == null || settings == null) {
      return;
    }
    RequestObserver[] all = observers;
    long now = System.nanoTime();
    for (int i = 0; i < all.length; i++) {
      try {
        all[i].requestFinished(request, settings, now);
      } catch (RuntimeException e) {
        errorLog.log(settings.errorLogs(), "alert", "request observer " + all[i].getClass().getName() + " failed: "
            + e);
      }
    }
  }
}
