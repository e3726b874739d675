package dev.corral.gate.proxy;

import dev.corral.gate.http.HeaderNames;

import dev.corral.gate.config.UpstreamConfig;
import dev.corral.gate.config.UpstreamServer;
import dev.corral.gate.log.ErrorLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Corral's active health check for one upstream: every interval, {@code GET uri} on a fresh connection to each
 * server; an answer within the interval passes if it passes the check's {@code match} block, or, without one, if
 * its status is 2xx/3xx ({@link HealthProbeHandler} judges it). Verdicts go through a {@link HealthTracker} to
 * {@link dev.corral.gate.balance.Upstream#setHealthy}; every probe's result is told to the
 * {@link HealthCheckListener} first. Runs entirely on one event loop; {@link #stop()} may be
 * called from any thread.
 */
final class HealthChecker {
  private final UpstreamRuntime upstream;
  private final UpstreamConfig.HealthCheck check;
  private final EventLoop loop;
  private final Class<? extends Channel> channelClass;
  private final ErrorLog errorLog;
  private final HealthTracker tracker;
  private final HealthCheckListener listener;
  private volatile ScheduledFuture<?> task;

  HealthChecker(UpstreamRuntime upstream, UpstreamConfig.HealthCheck check, EventLoop loop,
      Class<? extends Channel> channelClass, ErrorLog errorLog, HealthCheckListener listener) {
    this.upstream = upstream;
    this.check = check;
    this.loop = loop;
    this.channelClass = channelClass;
    this.errorLog = errorLog;
    this.tracker = new HealthTracker(check.fall(), check.rise());
    this.listener = listener;
  }

  void start() {
    long interval = check.interval().toNanos();
    task = loop.scheduleAtFixedRate(this::checkAll, 0, interval, TimeUnit.NANOSECONDS);
  }

  void stop() {
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
  }

  private void checkAll() {
    for (UpstreamServer server : upstream.upstream().servers()) {
      probe(server, pass -> verdict(server.address(), pass));
    }
  }

  private void verdict(String address, boolean pass) {
    listener.checked(upstream.name(), address, pass);
    tracker.record(address, pass).ifPresent(healthy -> {
      upstream.upstream().setHealthy(address, healthy);
      if (healthy) {
        errorLog.notice("health check passed, upstream server " + address + " in \"" + upstream.name()
            + "\" is back");
      } else {
        errorLog.warn("health check failed, upstream server " + address + " in \"" + upstream.name()
            + "\" is taken out");
      }
    });
  }

  private void probe(UpstreamServer server, Consumer<Boolean> result) {
    boolean[] reported = new boolean[1];
    Consumer<Boolean> once = pass -> {
      if (!reported[0]) {
        reported[0] = true;
        result.accept(pass);
      }
    };
    long timeoutMillis = Math.max(1, check.interval().toMillis());
    Bootstrap b = new Bootstrap().group(loop).channel(channelClass)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HealthProbeHandler(check.match(), once));
          }
        });
    ChannelFuture f = b.connect(new InetSocketAddress(server.host(), server.port()));
    f.addListener((ChannelFuture done) -> {
      if (!done.isSuccess()) {
        once.accept(false);
        return;
      }
      DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, check.uri());
      req.headers().set(HeaderNames.HOST, server.address())
          .set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
          .set(HeaderNames.USER_AGENT, "corral-gate health check");
      done.channel().writeAndFlush(req);
      loop.schedule(() -> {
        if (!reported[0]) {
          once.accept(false);
          done.channel().close();
        }
      }, timeoutMillis, TimeUnit.MILLISECONDS);
    });
  }
}
