package dev.corral.gate.proxy;

import dev.corral.gate.http.StubStatus;

import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.FrontendInitializer;
import dev.corral.gate.http.RequestObserver;

import dev.corral.gate.http.GateContext;

import dev.corral.gate.config.GateConfig;
import dev.corral.gate.config.Listen;
import dev.corral.gate.config.ServerConfig;
import dev.corral.gate.log.AccessLogWriter;
import dev.corral.gate.log.SystemErrors;
import dev.corral.gate.log.ErrorLog;
import dev.corral.limit.Ticker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A running reverse proxy: the event loops, one listening socket per distinct {@code listen} address, and the
 * routes of the current configuration.
 *
 * <p>{@link #reload} swaps in a new, already validated configuration: listeners for new addresses are bound
 * (if one fails, nothing changes), removed ones are closed, and requests started after the swap use the new
 * routes while those in flight finish with the old ones. The {@code stream} block's servers run on the same loops
 * ({@link dev.corral.gate.stream.StreamListeners}); their sessions keep their configuration until they end. {@link #shutdownGracefully} stops accepting, lets
 * in-flight requests finish within a timeout, then stops; {@link #close} stops at once.
 *
 * <p>Thread-safety: {@code reload} and the shutdown methods are serialized by the object's lock; the data path
 * never takes it.
 */
public final class GateEngine implements AutoCloseable {
  private final Transport transport;
  private final EventLoopGroup group;
  private final GateContext gate;
  private final Map<String, Channel> listeners = new LinkedHashMap<>();
  private final ScheduledFuture<?> flusher;
  /** Running health checkers by upstream runtime (identity): started for new runtimes, stopped for retired ones. */
  private final java.util.Map<UpstreamRuntime, HealthChecker> checkers = new java.util.IdentityHashMap<>();
  /** Told every health-check probe's result, across reloads. */
  private final List<HealthCheckListener> healthListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The {@code stream} block's servers, on the same event loops; set once by {@link #start}. */
  private dev.corral.gate.stream.StreamListeners stream;

  /** The gate's clock for balancing and limits (connection timers run on the event loops' own clock). */
  private final Ticker ticker;

  private GateEngine(Transport transport, EventLoopGroup group, GateContext gate, Ticker ticker) {
    this.ticker = ticker;
    this.transport = transport;
    this.group = group;
    this.gate = gate;
    this.flusher = group.next().scheduleWithFixedDelay(gate.accessLog::flush, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Starts a gate serving {@code config}.
   *
   * @throws GateStartException if a listening socket cannot be bound (nothing is left running)
   */
  public static GateEngine start(GateConfig config, Transport transport, ErrorLog errorLog,
      AccessLogWriter accessLog) {
    return start(config, transport, errorLog, accessLog, Ticker.system());
  }

  /**
   * Starts a gate serving {@code config} whose balancers and {@code limit_req}/{@code limit_conn} zones read
   * {@code ticker} (a fake one in tests, to drive them without waiting).
   *
   * @throws GateStartException if a listening socket cannot be bound (nothing is left running)
   */
  public static GateEngine start(GateConfig config, Transport transport, ErrorLog errorLog,
      AccessLogWriter accessLog, Ticker ticker) {
    EventLoopGroup group = transport.newGroup(config.main().workerProcesses(),
        new DefaultThreadFactory("corral-gate", true));
    Routes routes = Routes.build(config, Optional.empty(), ticker, new SplittableRandom());
    GateContext gate = new GateContext(routes, errorLog, accessLog,
        new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE));
    gate.maxConnections = maxConnections(config, group);
    GateEngine engine = new GateEngine(transport, group, gate, ticker);
    engine.syncHealthChecks(routes);
    try {
      engine.bindAll(listenKeys(config));
      engine.stream = dev.corral.gate.stream.StreamListeners.start(config.stream(), group, transport, errorLog,
          accessLog, ticker);
    } catch (GateStartException e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  /**
   * Adds {@code observer}, told once about every request that ends from now on, after the access log and the
   * observers added before it (see {@link RequestObserver} for when it runs and what it must not do). Observers
   * are kept across reloads and cannot be removed; thread-safe.
   */
  public void observe(RequestObserver observer) {
    gate.observe(observer);
  }

  /**
   * Adds {@code listener}, told the result of every active health-check probe from now on, for the upstreams of
   * this and later configurations; listeners cannot be removed. Thread-safe.
   */
  public void observeHealthChecks(HealthCheckListener listener) {
    healthListeners.add(listener);
  }

  private void healthChecked(String upstream, String server, boolean passed) {
    for (HealthCheckListener l : healthListeners) {
      l.checked(upstream, server, passed);
    }
  }

  /** The transport in use ({@code io_uring}, {@code epoll} or {@code nio}). */
  public String transportName() {
    return transport.name();
  }

  /** The addresses listened on, by {@code listen} key. */
  public synchronized Map<String, InetSocketAddress> boundAddresses() {
    Map<String, InetSocketAddress> out = new LinkedHashMap<>();
    listeners.forEach((k, ch) -> out.put(k, (InetSocketAddress) ch.localAddress()));
    if (stream != null) {
      stream.boundAddresses().forEach(out::putIfAbsent);
    }
    return out;
  }

  /**
   * Switches to {@code config}. If a new listener cannot be bound, the old configuration keeps serving.
   *
   * @throws GateStartException if binding a new listener failed (the gate is unchanged)
   * @throws dev.corral.gate.config.ConfigException if a zone kept from the running configuration changed its key
   */
  public synchronized void reload(GateConfig config) {
    Routes old = routes();
    // First, before any listener changes: it may refuse the configuration (a zone whose key changed).
    Routes next = Routes.build(config, Optional.of(old), ticker, new SplittableRandom());
    Map<String, Listen> wanted = listenKeys(config);
    List<String> added = new ArrayList<>();
    try {
      for (Map.Entry<String, Listen> e : wanted.entrySet()) {
        if (!listeners.containsKey(e.getKey())) {
          bind(e.getKey(), e.getValue());
          added.add(e.getKey());
        }
      }
      stream.reload(config.stream()); // binds its new sockets first; unchanged if it throws
    } catch (RuntimeException e) {
      added.forEach(k -> listeners.remove(k).close());
      throw e;
    }
    gate.maxConnections = maxConnections(config, group);
    gate.routes.set(next);
    old.retireInFavourOf(next);
    syncHealthChecks(next);
    for (String key : new ArrayList<>(listeners.keySet())) {
      if (!wanted.containsKey(key)) {
        listeners.remove(key).close();
      }
    }
  }

  /** The running upstream's balancer, for run-time membership changes; empty if there is no such upstream. */
  public Optional<dev.corral.gate.balance.Upstream> upstream(String name) {
    return Optional.ofNullable(routes().upstream(name)).map(UpstreamRuntime::upstream);
  }

  /** The client-connection counts {@code stub_status} shows, now. Thread-safe. */
  public ConnectionStats connectionStats() {
    StubStatus counts = gate.stubStatus;
    return new ConnectionStats(gate.openConnections.get(), 0, counts.writing.get(), counts.accepted.sum(),
        counts.handled.sum(), counts.requests.sum());
  }

  /** The running upstreams by name, sorted, for the runtime API. */
  public java.util.SortedMap<String, LiveUpstream> liveUpstreams() {
    java.util.SortedMap<String, LiveUpstream> out = new java.util.TreeMap<>();
    routes().upstreams().forEach((name, runtime) -> out.put(name, new LiveUpstream(runtime)));
    return out;
  }

  /**
   * Stops accepting, asks every connection to close after its current response, waits up to {@code timeout}
   * for them, then stops.
   */
  public synchronized void shutdownGracefully(Duration timeout) {
    gate.draining = true;
    listeners.values().forEach(Channel::close);
    listeners.clear();
    if (stream != null) {
      stream.stopAccepting(); // stream sessions have no request boundary: they run until they end
    }
    for (Channel client : gate.clients) {
      client.pipeline().fireUserEventTriggered(FrontendHandler.DRAIN);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while ((!gate.clients.isEmpty() || stream != null && stream.sessions() > 0) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
  }

  /** Stops at once: closes listeners and connections and shuts the event loops down. */
  @Override
  public synchronized void close() {
    flusher.cancel(false);
    checkers.values().forEach(HealthChecker::stop);
    checkers.clear();
    // Waited for: a native transport releases the port when the close completes, and a new gate (or this one,
    // started again) may bind it right after.
    listeners.values().forEach(ch -> ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
    listeners.clear();
    gate.clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (stream != null) {
      stream.close();
    }
    routes().closePools();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    gate.accessLog.flush();
  }

  /** {@code worker_connections} per event loop, as nginx's per worker (connections to upstreams not counted). */
  private static int maxConnections(GateConfig config, EventLoopGroup group) {
    int loops = 0;
    for (io.netty.util.concurrent.EventExecutor ignored : group) {
      loops++;
    }
    return (int) Math.min(Integer.MAX_VALUE, (long) loops * config.main().workerConnections());
  }

  /** Starts health checks for upstreams that have one and none running; stops those of retired upstreams. */
  private void syncHealthChecks(Routes routes) {
    java.util.Set<UpstreamRuntime> live = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    live.addAll(routes.upstreams().values());
    checkers.entrySet().removeIf(e -> {
      if (!live.contains(e.getKey())) {
        e.getValue().stop();
        return true;
      }
      return false;
    });
    for (UpstreamRuntime runtime : live) {
      if (runtime.config().healthCheck().isPresent() && !checkers.containsKey(runtime)) {
        HealthChecker checker = new HealthChecker(runtime, runtime.config().healthCheck().get(),
            group.next(), transport.clientChannel(),
            gate.errorLog, this::healthChecked);
        checkers.put(runtime, checker);
        checker.start();
      }
    }
  }

  /** Reopens the log files (USR1 / {@code -s reopen}). */
  public void reopenLogs() {
    gate.accessLog.reopen();
    gate.errorLog.reopen();
  }

  /**
   * The sockets to bind, nginx-style: when a port has a wildcard listener, only {@code *:port} is bound and
   * connections are routed by their local address.
   */
  private static Map<String, Listen> listenKeys(GateConfig config) {
    Map<String, Listen> keys = new LinkedHashMap<>();
    List<Integer> wildcardPorts = new ArrayList<>();
    for (ServerConfig server : config.servers()) {
      for (Listen listen : server.listens()) {
        if (listen.host().equals("*")) {
          wildcardPorts.add(listen.port());
        }
      }
    }
    for (ServerConfig server : config.servers()) {
      for (Listen listen : server.listens()) {
        if (listen.host().equals("*") || !wildcardPorts.contains(listen.port())) {
          keys.putIfAbsent(listen.bindKey(), listen);
        }
      }
    }
    return keys;
  }

  private void bindAll(Map<String, Listen> keys) {
    for (Map.Entry<String, Listen> e : keys.entrySet()) {
      bind(e.getKey(), e.getValue());
    }
  }

  private void bind(String key, Listen listen) {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, listen.backlog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new FrontendInitializer(gate, key));
    if (listen.reuseport() && transport.supportsReusePort()) {
      b.option(UnixChannelOption.SO_REUSEPORT, true);
    }
    InetSocketAddress address = listen.host().equals("*") ? new InetSocketAddress(listen.port())
        : new InetSocketAddress(listen.host(), listen.port());
    try {
      Channel ch = b.bind(address).syncUninterruptibly().channel();
      listeners.put(key, ch);
    } catch (Exception e) { // syncUninterruptibly rethrows the native transport's checked IOException as is
      throw new GateStartException("bind() to " + key + " failed (" + SystemErrors.describe(e) + ")", e);
    }
  }

  /** The routes in force; the context holds them as the frontend sees them ({@link dev.corral.gate.http.Router}). */
  private Routes routes() {
    return (Routes) gate.routes.get();
  }
}
