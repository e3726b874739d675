package dev.corral.gate.stream;

import dev.corral.gate.balance.Outcome;
import dev.corral.gate.balance.Peer;
import dev.corral.gate.balance.Selection;
import dev.corral.gate.config.AccessLog;
import dev.corral.gate.config.BalanceMethod;
import dev.corral.gate.config.StreamSettings;
import dev.corral.gate.limit.ConnectionZone;
import dev.corral.gate.log.SystemErrors;
import dev.corral.limit.Permit;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One stream connection, from accept to its access log line: {@code limit_conn}, the choice of an upstream server
 * with {@code proxy_next_upstream} over servers that refuse or time out, then the relay both ways until the
 * session ends as nginx ends it — with {@code proxy_half_close off} when either side has closed and its bytes are
 * passed on; with it on when both have (each FIN is passed on as a shutdown of the other side's output); always
 * on an error, or after {@code proxy_timeout} without a byte moving. The upstream server is released once, as a
 * failure for a connect that failed and as a success for a session that was relayed.
 *
 * <p>Its status ({@code $status}) is nginx's: 200 for a relayed session, 502 when no upstream could be reached,
 * 503 when a {@code limit_conn} refused it.
 *
 * <p>Confined to the client connection's event loop; the upstream connection is made on the same loop.
 */
final class StreamSession extends ChannelInboundHandlerAdapter {
  /** Where a session is. */
  enum State { CONNECTING, RELAYING, CLOSED }

  /** The stream module has no {@code ip_hash}: balancers never read the client's address. */
  private static final byte[] NO_ADDRESS = new byte[0];

  private final StreamListeners.Host host;
  private final StreamRoutes.Route route;
  private final Channel client;
  final StreamVariables variables;
  private final List<Permit> permits = new ArrayList<>(1);
  private State state = State.CONNECTING;
  private Selection selection;
  /** The peer taken from {@link #selection} and not yet released; null when none is held. */
  private Peer peer;
  private Channel upstream;
  private ScheduledFuture<?> idleTimer;
  private long lastActivity;
  private boolean clientInputEnded;
  private boolean upstreamInputEnded;

  StreamSession(StreamListeners.Host host, StreamRoutes.Route route, Channel client) {
    this.host = host;
    this.route = route;
    this.client = client;
    this.variables = new StreamVariables(client, System.nanoTime(), System.currentTimeMillis());
  }

  private StreamSettings settings() {
    return route.settings();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!admitted()) {
      variables.status = 503;
      finish();
      return;
    }
    String key = route.upstreamConfig().method() instanceof BalanceMethod.Hash h ? h.key().render(variables) : "";
    selection = route.upstream().newSelection(NO_ADDRESS, key, settings().nextUpstreamTries());
    connectNext();
    ctx.fireChannelActive();
  }

  /** Takes a slot in every {@code limit_conn} zone; false (with the slots taken given back) if one refuses. */
  private boolean admitted() {
    List<StreamSettings.Limit> limits = settings().limits();
    for (int i = 0; i < limits.size(); i++) {
      StreamSettings.Limit limit = limits.get(i);
      String key = limit.zone().key().render(variables);
      if (key.isEmpty()) {
        continue;
      }
      ConnectionZone zone = route.zones().get(i);
      Permit[] slot = new Permit[1];
      ConnectionZone.Outcome outcome = zone.acquire(key, limit.limit(), slot);
      if (outcome == ConnectionZone.Outcome.PASSED) {
        permits.add(slot[0]);
        continue;
      }
      String dry = settings().limitDryRun() ? ", dry run," : "";
      host.log(settings(), settings().limitLogLevel(), "limiting connections" + dry + " by zone \""
          + zone.name() + "\", " + variables.clientLine());
      if (!settings().limitDryRun()) {
        releasePermits();
        return false;
      }
    }
    return true;
  }

  private void connectNext() {
    Optional<Peer> next = selection.next();
    if (next.isEmpty()) {
      host.log(settings(), "error", "no live upstreams while connecting to upstream, " + variables.clientLine());
      variables.status = 502;
      finish();
      return;
    }
    peer = next.get();
    variables.startTry(peer.address());
    int buffer = settings().bufferSize();
    Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(host.clientChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(Integer.MAX_VALUE, Math.max(1, settings().connectTimeout().toMillis())))
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.RCVBUF_ALLOCATOR, allocator(buffer))
        .handler(new ChannelInboundHandlerAdapter());
    ChannelFuture connect = b.connect(new InetSocketAddress(peer.server().host(), peer.server().port()));
    upstream = connect.channel();
    connect.addListener((ChannelFutureListener) this::connected);
  }

  static AdaptiveRecvByteBufAllocator allocator(int bufferSize) {
    return new AdaptiveRecvByteBufAllocator(Math.min(64, bufferSize), Math.min(2048, bufferSize), bufferSize);
  }

  private void connected(ChannelFuture f) {
    if (state == State.CLOSED) {
      f.channel().close();
      releasePeer(Outcome.NEUTRAL);
      return;
    }
    if (!f.isSuccess()) {
      releasePeer(Outcome.FAILURE);
      Throwable cause = f.cause();
      String what = cause instanceof ConnectTimeoutException
          ? "upstream timed out (110: Connection timed out)"
          : "connect() failed (" + SystemErrors.describe(cause) + ")";
      host.log(settings(), "error", what + " while connecting to upstream, " + variables.clientLine()
          + ", upstream: \"" + variables.lastUpstream() + "\"");
      variables.endTry(false);
      if (settings().nextUpstream() && selection.triesLeft() > 0 && !outOfTime() && client.isActive()) {
        connectNext();
      } else {
        variables.status = 502;
        finish();
      }
      return;
    }
    variables.endTry(true);
    state = State.RELAYING;
    client.pipeline().addLast("stream-relay", new StreamRelay(this, upstream, true));
    upstream.pipeline().addLast("stream-relay", new StreamRelay(this, client, false));
    lastActivity = System.nanoTime();
    scheduleIdle(settings().timeout().toNanos());
    client.config().setAutoRead(true);
    upstream.config().setAutoRead(true);
  }

  private boolean outOfTime() {
    long limit = settings().nextUpstreamTimeout().toNanos();
    return limit > 0 && System.nanoTime() - variables.startNanos > limit;
  }

  private void scheduleIdle(long delayNanos) {
    if (delayNanos <= 0) {
      return;
    }
    idleTimer = client.eventLoop().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkIdle() {
    if (state != State.RELAYING) {
      return;
    }
    long timeout = settings().timeout().toNanos();
    long idle = System.nanoTime() - lastActivity;
    if (idle >= timeout) {
      host.log(settings(), "info", "upstream timed out (110: Connection timed out) while proxying connection, "
          + variables.clientLine() + ", upstream: \"" + variables.lastUpstream() + "\"");
      finish();
    } else {
      scheduleIdle(timeout - idle);
    }
  }

  /** Counts {@code bytes} read from one side (and written to the other). */
  void relayed(boolean fromClient, int bytes) {
    lastActivity = System.nanoTime();
    if (fromClient) {
      variables.bytesReceived += bytes;
    } else {
      variables.bytesSent += bytes;
      variables.firstByte();
    }
  }

  /** Whether the side is still read (its input has not ended). */
  boolean reading(boolean clientSide) {
    return state == State.RELAYING && !(clientSide ? clientInputEnded : upstreamInputEnded);
  }

  /** The side sent its FIN: passed on, or the end of the session, as {@code proxy_half_close} says. */
  void inputEnded(boolean fromClient) {
    if (state != State.RELAYING) {
      return;
    }
    if (fromClient) {
      clientInputEnded = true;
    } else {
      upstreamInputEnded = true;
    }
    Channel other = fromClient ? upstream : client;
    if (!settings().halfClose() || (clientInputEnded && upstreamInputEnded)) {
      other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> finish());
      return;
    }
    other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
      if (other instanceof DuplexChannel duplex && other.isActive()) {
        duplex.shutdownOutput();
      }
    });
  }

  /** One side's connection is gone: what was read from it is flushed to the other, then the session ends. */
  void sideClosed(boolean clientSide) {
    if (state != State.RELAYING) {
      return;
    }
    Channel other = clientSide ? upstream : client;
    other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> finish());
  }

  /** An I/O error on one side ends the session at once. */
  void failed(boolean clientSide, Throwable cause) {
    if (state == State.CLOSED) {
      return;
    }
    host.log(settings(), "info", "recv() failed (" + SystemErrors.describe(cause) + ") while proxying "
        + (clientSide ? "and reading from client" : "connection") + ", " + variables.clientLine());
    finish();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // The client went away before the session started relaying (while connecting).
    if (state == State.CONNECTING) {
      finish();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    failed(true, cause);
  }

  /** Ends the session once: closes both sides, releases the peer and the limit slots, writes the log lines. */
  void finish() {
    if (state == State.CLOSED) {
      return;
    }
    boolean relayed = state == State.RELAYING;
    state = State.CLOSED;
    if (idleTimer != null) {
      idleTimer.cancel(false);
    }
    client.close();
    if (upstream != null && relayed) {
      upstream.close();
    }
    if (relayed) {
      releasePeer(Outcome.SUCCESS);
    }
    releasePermits();
    variables.ended();
    for (AccessLog log : settings().logs().accessLogs()) {
      log.path().ifPresent(p -> host.accessLog().write(p, log.format().render(variables.forLog())));
    }
  }

  private void releasePeer(Outcome outcome) {
    if (peer != null) {
      peer = null;
      selection.release(outcome, 0);
    }
  }

  private void releasePermits() {
    permits.forEach(Permit::onSuccess);
    permits.clear();
  }
}
