package dev.corral.gate.proxy;

import dev.corral.gate.config.LocationConfig;
import dev.corral.gate.config.LocationHandler;
import dev.corral.gate.config.LocationMatch;
import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.config.ServerConfig;
import dev.corral.gate.config.Template;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one connection: reads requests (auto-read is on, and switched off for back-pressure: while
 * the upstream cannot take more body, or while pipelined requests wait), routes each to a server and location, answers
 * {@code return} locations and errors itself, and hands proxied requests to a {@link ProxyCall}. Pipelined requests
 * wait in order until the response before them is finished. Bad input becomes a response (400, 413, 414, 431) and
 * a close, never an exception.
 *
 * <p>Confined to the connection's event loop.
 *
 * <p>Size: this is the client connection's state machine (request framing, pipelining queue, timers, local
 * answers, tunnel switch), which shares one set of per-connection fields on the hot path; splitting the timer and
 * the tunnel switch into their own classes is a known follow-up.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
  private enum State {
    AWAITING_REQUEST,
    IN_REQUEST,
    CLOSING
  }

  /** How long a closing connection keeps reading and dropping client data (nginx's lingering_timeout is 5s). */
  static final long LINGER_MILLIS = 2000;
  private static final byte[] NO_ADDRESS = new byte[0];

  private final GateContext gate;
  private final String listenerKey;
  private final GateResponseEncoder encoder;
  private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private State state = State.AWAITING_REQUEST;
  private String routeKey;
  private long connectionId;
  private int requests;
  private RequestContext request;
  private ProxySettings settings;
  private ProxyCall call;
  private boolean requestComplete;
  private boolean responseStarted;
  private boolean keepAlive;
  private boolean continueSent;
  /** Whether this connection is counted in {@link GateContext#openConnections}. */
  private boolean counted;
  /** Read before the header map is reused upstream (where Expect is dropped). */
  private boolean expectContinue;
  /** The connection's one timer and when it fires; null when none is scheduled. */
  private ScheduledFuture<?> timer;
  private long timerAt;
  /** When an idle connection (awaiting a request) times out; 0 when not idle. */
  private long idleDeadline;
  /** When the last bytes of the current request were read (client_body_timeout); 0 before the request. */
  private long lastClientReadNanos;
  /** Since when the client connection has not been writable (send_timeout); 0 when writable. */
  private long unwritableSinceNanos;
  /** True while queued pipelined messages are being dispatched; reads requested meanwhile are deferred. */
  private boolean dispatching;
  private boolean readRequested;

  FrontendHandler(GateContext gate, String listenerKey, GateResponseEncoder encoder) {
    this.gate = gate;
    this.listenerKey = listenerKey;
    this.encoder = encoder;
  }

  Channel channel() {
    return ctx.channel();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    connectionId = gate.connectionIds.incrementAndGet();
    counted = true;
    if (gate.openConnections.incrementAndGet() > gate.maxConnections) {
      gate.errorLog.warn(gate.maxConnections + " worker_connections are not enough");
      state = State.CLOSING;
      ctx.close();
      return;
    }
    gate.clients.add(ctx.channel());
    routeKey = routeKey(gate.routes.get());
    ServerConfig server = gate.routes.get().defaultServer(routeKey);
    settings = server == null ? null : server.settings();
    startIdleTimer(settings == null ? 60_000 : settings.clientHeaderTimeout().toMillis());
  }

  /** A wildcard listener serves the servers of the connection's local address if there are any. */
  private String routeKey(Routes routes) {
    if (!listenerKey.startsWith("*:")) {
      return listenerKey;
    }
    InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
    String specific = local.getAddress().getHostAddress() + ":" + local.getPort();
    return routes.hasKey(specific) ? specific : listenerKey;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastClientReadNanos = System.nanoTime();
    if (state == State.CLOSING) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!pipelined.isEmpty() || (state == State.IN_REQUEST && requestComplete)) {
      // Pipelined: hold it, and stop reading until the response before it is done.
      pipelined.add(msg);
      pauseReading();
      return;
    }
    dispatch(msg);
  }

  /**
   * Asks for the next message: from the queue of pipelined messages if any, else from the socket. While the
   * queue is being dispatched the request is remembered and served when the queue runs dry.
   */
  private void readNext() {
    if (dispatching) {
      readRequested = true;
    } else if (!pipelined.isEmpty()) {
      dispatchQueued();
    } else {
      resumeReading();
    }
  }

  /** Stops reading from the client (back-pressure); {@link #resumeReading()} undoes it. */
  void pauseReading() {
    if (ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void resumeReading() {
    if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void dispatchQueued() {
    dispatching = true;
    readRequested = true;
    try {
      while (!pipelined.isEmpty() && state != State.CLOSING
          && (state == State.AWAITING_REQUEST || readRequested)) {
        readRequested = false;
        dispatch(pipelined.poll());
      }
    } finally {
      dispatching = false;
    }
    if (state != State.CLOSING && pipelined.isEmpty() && (readRequested || state == State.AWAITING_REQUEST)) {
      readRequested = false;
      resumeReading();
    }
  }

  private void dispatch(Object msg) {
    if (state == State.AWAITING_REQUEST) {
      if (msg instanceof HttpRequest req) {
        onRequest(req);
        if (msg instanceof HttpContent content) {
          onContent(content);
        }
      } else {
        // Content without a request: the tail of a request we already refused.
        ReferenceCountUtil.release(msg);
        readNext();
      }
      return;
    }
    if (msg instanceof HttpContent content) {
      onContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      if (call != null) {
        call.abortTry();
      }
      failRequest(400);
      return;
    }
    if (content instanceof LastHttpContent) {
      requestComplete = true;
    }
    if (call != null) {
      call.onRequestContent(content);
      return;
    }
    content.release();
    if (requestComplete) {
      maybeFinish();
    } else {
      readNext();
    }
  }

  private void onRequest(HttpRequest req) {
    cancelIdleTimer();
    requests++;
    Routes routes = gate.routes.get();
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
    request = new RequestContext(req, remote, local, System.nanoTime(), System.currentTimeMillis(), connectionId,
        requests);
    requestComplete = false;
    responseStarted = false;
    continueSent = false;
    expectContinue = HttpUtil.is100ContinueExpected(req);
    state = State.IN_REQUEST;
    encoder.headRequest(req.method().equals(HttpMethod.HEAD));
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      int status = cause instanceof TooLongHttpLineException ? 414
          : cause instanceof TooLongHttpHeaderException ? 431
          : cause instanceof TooLongFrameException ? 400 : 400;
      gate.errorLog.log("info", "client sent invalid request (" + cause.getMessage() + ") from "
          + request.remoteAddr());
      keepAlive = false;
      failRequest(status);
      return;
    }
    ServerConfig server = routes.server(routeKey, request.host());
    if (server == null) {
      keepAlive = false;
      failRequest(500);
      return;
    }
    request.serverName = server.serverNames().get(0);
    settings = server.settings();
    keepAlive = HttpUtil.isKeepAlive(req) && !settings.keepaliveTimeout().isZero()
        && requests < settings.keepaliveRequests() && !gate.draining;
    Optional<RequestChecks.Rejection> rejection = RequestChecks.check(req);
    if (rejection.isPresent()) {
      gate.errorLog.log("info", rejection.get().reason() + " from " + request.remoteAddr());
      keepAlive = false;
      failRequest(rejection.get().status());
      return;
    }
    if (HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0) {
      armTimer(lastClientReadNanos + server.settings().clientBodyTimeout().toNanos());
    }
    Optional<LocationConfig> location = routes.location(server, request.path());
    if (location.isEmpty()) {
      failRequest(404);
      return;
    }
    settings = location.get().settings();
    long maxBody = settings.clientMaxBodySize();
    if (maxBody > 0 && HttpUtil.getContentLength(req, -1L) > maxBody) {
      gate.errorLog.error("client intended to send too large body: " + HttpUtil.getContentLength(req, -1L)
          + " bytes");
      keepAlive = false;
      failRequest(413);
      return;
    }
    switch (location.get().handler()) {
      case LocationHandler.Return r -> {
        Optional<String> text = r.text().map(t -> t.render(request));
        writeLocal(Responses.returnResponse(ctx.alloc(), r.status(), text));
      }
      case LocationHandler.ProxyPass p -> {
        boolean upgrade = ProxyHeaders.isUpgrade(req);
        startProxy(routes, location.get(), p);
        if (upgrade) {
          // Bytes after an Upgrade request belong to the new protocol: read none until the switch.
          pauseReading();
        }
      }
    }
  }

  private void startProxy(Routes routes, LocationConfig location, LocationHandler.ProxyPass pass) {
    UpstreamRuntime upstream = routes.upstream(pass.upstream());
    String uri = rewriteUri(location, pass, request.request.uri());
    boolean ipHash = upstream.config().method() instanceof dev.corral.gate.config.BalanceMethod.IpHash;
    byte[] clientAddress = !ipHash || request.remote.getAddress() == null ? NO_ADDRESS
        : request.remote.getAddress().getAddress();
    String hashKey = upstream.config().method() instanceof dev.corral.gate.config.BalanceMethod.Hash h
        ? h.key().render(request) : "";
    call = new ProxyCall(this, request, settings, upstream, uri, clientAddress, hashKey);
    call.start();
  }

  /** nginx: with a URI in proxy_pass, the part of the path matched by a prefix location is replaced by it. */
  static String rewriteUri(LocationConfig location, LocationHandler.ProxyPass pass, String uri) {
    if (pass.uri().isEmpty()) {
      return uri;
    }
    String replacement = pass.uri().get();
    if (location.match() == LocationMatch.EXACT) {
      int q = uri.indexOf('?');
      return q < 0 ? replacement : replacement + uri.substring(q);
    }
    if (uri.startsWith(location.pattern())) {
      return replacement + uri.substring(location.pattern().length());
    }
    return uri;
  }

  /** Sends {@code 100 Continue} if the client asked for it and it was not sent yet. */
  void sendContinueIfExpected() {
    if (!continueSent && expectContinue && !requestComplete) {
      continueSent = true;
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
          ctx.voidPromise());
    }
  }

  /** The proxy call wants more request body. */
  void readMoreBody() {
    if (state == State.IN_REQUEST && !requestComplete) {
      readNext();
    }
  }

  void writeResponseHead(HttpResponse upstreamResponse, boolean bodyless) {
    responseStarted = true;
    boolean[] keep = new boolean[1];
    HttpResponse out = ProxyHeaders.clientResponse(upstreamResponse, request.request.protocolVersion(), bodyless,
        keepAlive, keep);
    keepAlive = keep[0];
    request.status = out.status().code();
    ctx.write(out, ctx.voidPromise());
  }

  void writeResponseContent(HttpContent content) {
    request.bodyBytesSent += content.content().readableBytes();
    if (content instanceof LastHttpContent) {
      ctx.writeAndFlush(content, ctx.voidPromise());
    } else {
      ctx.write(content, ctx.voidPromise());
    }
  }

  /** The proxy call finished its response; {@code bodyFullyRead} says whether the request body was consumed. */
  void responseFinished(boolean bodyFullyRead) {
    call = null;
    if (!bodyFullyRead) {
      keepAlive = false;
    }
    finishRequest();
  }

  /** Answers the current request with an error page, or closes the connection if a response already started. */
  void failRequest(int status) {
    if (state != State.IN_REQUEST) {
      return;
    }
    call = null;
    if (responseStarted) {
      abortConnection();
      return;
    }
    if (status >= 400 && status != 404) {
      keepAlive = keepAlive && requestComplete && status != 413;
    }
    writeLocal(Responses.errorPage(ctx.alloc(), status));
  }

  private void writeLocal(FullHttpResponse response) {
    responseStarted = true;
    if (!keepAlive) {
      Responses.closing(response);
    } else if (request.request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      response.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
    }
    request.status = response.status().code();
    request.bodyBytesSent = response.content().readableBytes();
    ctx.writeAndFlush(response, ctx.voidPromise());
    if (!keepAlive) {
      finishRequest();
      return;
    }
    maybeFinish();
  }

  /** For a local response: finished once the request body has been read (and discarded). */
  private void maybeFinish() {
    if (call != null || !responseStarted) {
      return;
    }
    if (requestComplete) {
      finishRequest();
    } else {
      readNext();
    }
  }

  private void finishRequest() {
    logAccess();
    if (!keepAlive) {
      closeAfterFlush();
      return;
    }
    state = State.AWAITING_REQUEST;
    request = null;
    startIdleTimer(settings.keepaliveTimeout().toMillis());
    readNext();
  }

  private void logAccess() {
    if (request == null || settings == null || settings.accessLog().path().isEmpty()) {
      return;
    }
    Template format = settings.accessLog().format();
    // nginx logs an empty variable as "-".
    gate.accessLog.write(settings.accessLog().path().get(), format.render(v -> {
      String value = request.resolve(v);
      return value.isEmpty() ? "-" : value;
    }));
  }

  /**
   * Writes the 101 and turns this connection and {@code upstream} into a byte tunnel: the HTTP handlers leave
   * both pipelines, and bytes the codecs still held are relayed.
   */
  void switchToTunnel(HttpResponse switching, BackendHandler upstream, Runnable onClose) {
    request.status = switching.status().code();
    ctx.writeAndFlush(switching, ctx.voidPromise());
    logAccess();
    call = null;
    state = State.CLOSING;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    Object queued;
    while ((queued = pipelined.poll()) != null) {
      ReferenceCountUtil.release(queued);
    }
    Channel client = ctx.channel();
    Channel up = upstream.channel();
    TunnelHandler[] relays = TunnelHandler.pair(client, up, onClose);
    // The tunnel outlives this handler; the connection stays counted until it closes.
    boolean wasCounted = counted;
    counted = false;
    if (wasCounted) {
      client.closeFuture().addListener(f -> gate.openConnections.decrementAndGet());
    }
    client.pipeline().replace(this, "tunnel", relays[0]);
    client.pipeline().remove(GateRequestDecoder.class);
    client.pipeline().remove(GateResponseEncoder.class);
    up.pipeline().replace(upstream, "tunnel", relays[1]);
    up.pipeline().remove(io.netty.handler.codec.http.HttpClientCodec.class);
    client.config().setAutoRead(true);
    up.config().setAutoRead(true);
    if (!client.isActive() || !up.isActive()) {
      client.close();
      up.close();
    }
  }

  /** Closes the client connection at once (an upstream failed mid-response). */
  void abortConnection() {
    logAccess();
    state = State.CLOSING;
    ctx.flush();
    ctx.close();
  }

  /**
   * Closes after the response is flushed, nginx's lingering close: the write side is shut first and what the
   * client still sends is read and dropped for up to {@value #LINGER_MILLIS} ms, so that a client still sending a
   * refused body reads the response instead of a connection reset.
   */
  private void closeAfterFlush() {
    state = State.CLOSING;
    ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
      if (!(f.channel() instanceof io.netty.channel.socket.DuplexChannel duplex) || !f.isSuccess()) {
        f.channel().close();
        return;
      }
      duplex.shutdownOutput().addListener(done -> {
        f.channel().config().setAutoRead(true);
        f.channel().eventLoop().schedule(() -> f.channel().close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
      });
    });
  }

  void logError(String message) {
    gate.errorLog.error(message + (request == null ? "" : ", client: " + request.remoteAddr() + ", request: \""
        + request.request.method() + " " + request.request.uri() + " " + request.request.protocolVersion() + "\""));
  }

  /** Graceful shutdown: an idle connection closes now, a busy one after its current response. */
  void drain() {
    if (state == State.AWAITING_REQUEST) {
      state = State.CLOSING;
      ctx.close();
    } else {
      keepAlive = false;
    }
  }

  /** Sets the idle deadline (header or keep-alive timeout) and makes sure the timer will look at it. */
  private void startIdleTimer(long millis) {
    idleDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    armTimer(idleDeadline);
  }

  private void cancelIdleTimer() {
    idleDeadline = 0;
  }

  /**
   * Makes the connection's single timer fire no later than {@code deadline} (a {@link System#nanoTime()} value).
   * Deadlines that move later need no rescheduling: the timer re-checks and re-arms itself when it fires, so a
   * busy keep-alive connection schedules about one task per timeout period instead of one per request.
   */
  void armTimer(long deadline) {
    if (timer != null && timerAt - deadline <= 0) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    timerAt = deadline;
    timer = ctx.executor().schedule(this::onTimer, Math.max(0, deadline - System.nanoTime()),
        TimeUnit.NANOSECONDS);
  }

  private void onTimer() {
    timer = null;
    if (state == State.CLOSING) {
      return;
    }
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    if (state == State.AWAITING_REQUEST && idleDeadline != 0) {
      if (now - idleDeadline >= 0) {
        state = State.CLOSING;
        ctx.close();
        return;
      }
      next = idleDeadline;
    }
    if (state == State.IN_REQUEST && settings != null) {
      if (readingBody() && lastClientReadNanos != 0) {
        long deadline = lastClientReadNanos + settings.clientBodyTimeout().toNanos();
        if (now - deadline >= 0) {
          gate.errorLog.log("info", "client timed out while reading client request body");
          keepAlive = false;
          if (call != null) {
            call.abortTry();
          }
          failRequest(408);
          return;
        }
        next = earlier(next, deadline);
      }
      if (unwritableSinceNanos != 0) {
        long deadline = unwritableSinceNanos + settings.clientSendTimeout().toNanos();
        if (now - deadline >= 0) {
          gate.errorLog.log("info", "client timed out while sending response to client");
          if (call != null) {
            call.abortTry();
            call = null;
          }
          abortConnection();
          return;
        }
        next = earlier(next, deadline);
      }
    }
    if (call != null) {
      next = earlier(next, call.checkTimeouts(now));
    }
    if (next != Long.MAX_VALUE && state != State.CLOSING) {
      armTimer(next);
    }
  }

  /** Whether the request body is being read and only the client can be waited for (not our back-pressure). */
  private boolean readingBody() {
    return !requestComplete && ctx.channel().config().isAutoRead();
  }

  private static long earlier(long a, long b) {
    if (a == Long.MAX_VALUE) {
      return b;
    }
    return b == Long.MAX_VALUE || a - b <= 0 ? a : b;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      unwritableSinceNanos = 0;
      if (call != null) {
        call.onClientWritable();
      }
    } else if (state == State.IN_REQUEST && settings != null) {
      // send_timeout: the client must take some of the response within this time.
      unwritableSinceNanos = System.nanoTime();
      armTimer(unwritableSinceNanos + settings.clientSendTimeout().toNanos());
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == GateEngine.DRAIN) {
      drain();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (counted) {
      counted = false;
      gate.openConnections.decrementAndGet();
    }
    cancelIdleTimer();
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    state = State.CLOSING;
    if (call != null) {
      call.abortTry();
      call = null;
    }
    Object msg;
    while ((msg = pipelined.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    gate.errorLog.log("info", "client connection error: " + cause.getMessage());
    if (call != null) {
      call.abortTry();
      call = null;
    }
    state = State.CLOSING;
    ctx.close();
  }
}
