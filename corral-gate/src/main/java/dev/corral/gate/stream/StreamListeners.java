package dev.corral.gate.stream;

import dev.corral.gate.config.Listen;
import dev.corral.gate.config.StreamConfig;
import dev.corral.gate.config.StreamServer;
import dev.corral.gate.config.StreamSettings;
import dev.corral.gate.log.AccessLogWriter;
import dev.corral.gate.log.ErrorLog;
import dev.corral.gate.log.SystemErrors;
import dev.corral.gate.proxy.GateStartException;
import dev.corral.gate.proxy.Transport;
import dev.corral.limit.Ticker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stream servers of a running gate: one listening socket per distinct {@code listen} address of the
 * {@code stream} block, on the gate's event loops, and the sessions they accepted.
 *
 * <p>{@link #reload} binds the new addresses first (if one fails, nothing changes), then switches the routes and
 * closes the sockets no longer listed. A session keeps the configuration it was accepted with until it ends, so a
 * reload never cuts one. {@link #stopAccepting} closes the sockets and leaves the sessions running (a graceful
 * quit waits for {@link #sessions()} to reach 0); {@link #close} ends everything at once.
 *
 * <p>Thread-safety: the lifecycle methods are serialized by the object's lock; sessions never take it.
 */
public final class StreamListeners implements AutoCloseable {
  /** What sessions need from the gate: the client channel type and the logs. Immutable. */
  record Host(Class<? extends SocketChannel> clientChannel, ErrorLog errorLog, AccessLogWriter accessLog) {
    /** Writes {@code message} at {@code level} to the server's {@code error_log}s, else the main one. */
    void log(StreamSettings settings, String level, String message) {
      if (settings.logs().errorLogs().isEmpty()) {
        errorLog.log(level, message);
      } else {
        errorLog.log(settings.logs().errorLogs(), level, message);
      }
    }
  }

  private final EventLoopGroup group;
  private final Transport transport;
  private final Host host;
  private final Ticker ticker;
  private final AtomicReference<StreamRoutes> routes = new AtomicReference<>();
  private final Map<String, Channel> listeners = new LinkedHashMap<>();
  private final ChannelGroup sessions = new DefaultChannelGroup("stream-sessions", GlobalEventExecutor.INSTANCE);

  private StreamListeners(EventLoopGroup group, Transport transport, Host host, Ticker ticker) {
    this.group = group;
    this.transport = transport;
    this.host = host;
    this.ticker = ticker;
  }

  /**
   * Starts the stream servers of {@code config} on {@code group}.
   *
   * @throws GateStartException if a socket cannot be bound (none is left open)
   */
  public static StreamListeners start(StreamConfig config, EventLoopGroup group, Transport transport,
      ErrorLog errorLog, AccessLogWriter accessLog, Ticker ticker) {
    StreamListeners listeners = new StreamListeners(group, transport,
        new Host(transport.clientChannel(), errorLog, accessLog), ticker);
    listeners.routes.set(StreamRoutes.build(config, Optional.empty(), ticker, new SplittableRandom()));
    try {
      for (Map.Entry<String, Listen> e : listenKeys(config).entrySet()) {
        listeners.bind(e.getKey(), e.getValue());
      }
    } catch (GateStartException e) {
      listeners.close();
      throw e;
    }
    return listeners;
  }

  /**
   * Switches to {@code config}; sessions in progress keep the old one.
   *
   * @throws GateStartException if a new socket cannot be bound (nothing changed)
   * @throws dev.corral.gate.config.ConfigException if a kept {@code limit_conn_zone} changed its key
   */
  public synchronized void reload(StreamConfig config) {
    StreamRoutes next = StreamRoutes.build(config, Optional.ofNullable(routes.get()), ticker,
        new SplittableRandom());
    Map<String, Listen> wanted = listenKeys(config);
    List<String> added = new ArrayList<>();
    try {
      for (Map.Entry<String, Listen> e : wanted.entrySet()) {
        if (!listeners.containsKey(e.getKey())) {
          bind(e.getKey(), e.getValue());
          added.add(e.getKey());
        }
      }
    } catch (GateStartException e) {
      added.forEach(k -> listeners.remove(k).close());
      throw e;
    }
    routes.set(next);
    for (String key : new ArrayList<>(listeners.keySet())) {
      if (!wanted.containsKey(key)) {
        listeners.remove(key).close();
      }
    }
  }

  /** The addresses listened on, by {@code listen} key. */
  public synchronized Map<String, InetSocketAddress> boundAddresses() {
    Map<String, InetSocketAddress> out = new LinkedHashMap<>();
    listeners.forEach((k, ch) -> out.put(k, (InetSocketAddress) ch.localAddress()));
    return out;
  }

  /** Sessions in progress. */
  public int sessions() {
    return sessions.size();
  }

  /** Closes the listening sockets; sessions in progress go on until they end. */
  public synchronized void stopAccepting() {
    listeners.values().forEach(ch -> ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
    listeners.clear();
  }

  /** Closes the sockets and every session now. */
  @Override
  public synchronized void close() {
    stopAccepting();
    sessions.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** The sockets to bind: as for http, a wildcard listener on a port serves that port's specific addresses too. */
  private static Map<String, Listen> listenKeys(StreamConfig config) {
    List<Integer> wildcardPorts = new ArrayList<>();
    for (StreamServer server : config.servers()) {
      for (Listen listen : server.listens()) {
        if (listen.host().equals("*")) {
          wildcardPorts.add(listen.port());
        }
      }
    }
    Map<String, Listen> keys = new LinkedHashMap<>();
    for (StreamServer server : config.servers()) {
      for (Listen listen : server.listens()) {
        if (listen.host().equals("*") || !wildcardPorts.contains(listen.port())) {
          keys.putIfAbsent(listen.bindKey(), listen);
        }
      }
    }
    return keys;
  }

  private void bind(String key, Listen listen) {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, listen.backlog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            accept(key, ch);
          }
        });
    if (listen.reuseport() && transport.supportsReusePort()) {
      b.option(UnixChannelOption.SO_REUSEPORT, true);
    }
    InetSocketAddress address = listen.host().equals("*") ? new InetSocketAddress(listen.port())
        : new InetSocketAddress(listen.host(), listen.port());
    try {
      listeners.put(key, b.bind(address).syncUninterruptibly().channel());
    } catch (Exception e) { // syncUninterruptibly rethrows the native transport's checked IOException as is
      throw new GateStartException("bind() to " + key + " failed (" + SystemErrors.describe(e) + ")", e);
    }
  }

  private void accept(String key, SocketChannel ch) {
    Optional<StreamRoutes.Route> route = routes.get().route(key, ch.localAddress());
    if (route.isEmpty()) {
      ch.close();
      return;
    }
    sessions.add(ch);
    ch.config().setRecvByteBufAllocator(StreamSession.allocator(route.get().settings().bufferSize()));
    ch.pipeline().addLast("stream-session", new StreamSession(host, route.get(), ch));
  }
}
