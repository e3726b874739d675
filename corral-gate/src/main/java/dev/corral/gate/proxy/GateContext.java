package dev.corral.gate.proxy;

import dev.corral.gate.log.AccessLogWriter;
import dev.corral.gate.log.ErrorLog;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every connection of a running gate shares: the current routes (swapped atomically on reload), the logs,
 * the set of open client connections (for graceful shutdown) and the connection counter. Thread-safe.
 */
final class GateContext {
  final AtomicReference<Routes> routes;
  final ErrorLog errorLog;
  final AccessLogWriter accessLog;
  final ChannelGroup clients;
  final AtomicLong connectionIds = new AtomicLong();
  /** The counts {@code stub_status} shows. */
  final StubStatus stubStatus = new StubStatus();
  /** Open client connections; new ones beyond {@link #maxConnections} are closed at once. */
  final java.util.concurrent.atomic.AtomicInteger openConnections = new java.util.concurrent.atomic.AtomicInteger();
  /** {@code worker_connections} × event loops, read from the configuration at start and on reload. */
  volatile int maxConnections = Integer.MAX_VALUE;
  /** Set when the gate is quitting: connections close after their current response. */
  volatile boolean draining;

  GateContext(Routes routes, ErrorLog errorLog, AccessLogWriter accessLog, ChannelGroup clients) {
    this.routes = new AtomicReference<>(routes);
    this.errorLog = errorLog;
    this.accessLog = accessLog;
    this.clients = clients;
  }
}
