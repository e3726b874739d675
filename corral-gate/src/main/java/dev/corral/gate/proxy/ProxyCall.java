package dev.corral.gate.proxy;

import dev.corral.gate.http.AccelRedirect;
import dev.corral.gate.http.Responses;

import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.UpstreamCall;
import dev.corral.gate.http.RequestContext;

import java.nio.charset.StandardCharsets;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.buffer.Unpooled;
import dev.corral.gate.config.UpstreamRequestSettings;
import dev.corral.gate.balance.Outcome;
import dev.corral.gate.balance.Peer;
import dev.corral.gate.config.NextUpstream;
import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.log.SystemErrors;
import dev.corral.gate.tls.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * One proxied request, across all its tries: chooses a peer with the upstream's {@link Selection}, takes a pooled
 * connection or connects, sends the request head and streams the body, then streams the response back. Before
 * anything reached the client, an error, a timeout, an invalid response or a status listed in
 * {@code proxy_next_upstream} moves to the next peer ({@link RetryRules}); giving up answers 504 after a timeout
 * and 502 otherwise. After the response started, an upstream failure closes the client connection.
 *
 * <p>Flow control in both directions: client reads are requested only while the upstream connection is writable,
 * and the upstream connection stops reading while the client connection is not writable.
 *
 * <p>Confined to the client connection's event loop; upstream connections are opened on the same loop. The body
 * and its copies for retries live in a {@link RequestBody}, the timeouts in {@link UpstreamTimeouts}, the queue wait in
 * {@link QueueWait}.
 *
 * <p>Bigger than our usual class for a stated reason: it is one state machine (peer choice, connect, send, relay,
 * retry) on the hot path; its parts that stand alone already live in the collaborators above.
 */
final class ProxyCall implements UpstreamCall {
  private enum State {
    /** Choosing a peer or connecting to it (also between two tries). */
    CONNECTING,
    AWAITING_RESPONSE,
    STREAMING_RESPONSE,
    DONE
  }

  private final FrontendHandler frontend;
  private final RequestContext ctx;
  private final ProxySettings settings;
  private final UpstreamRuntime upstream;
  private final PeerTries tries;
  private final HttpRequest upstreamRequest;
  /** The byte counts of {@link #backend}'s connection when this try started on it. */
  private long sentBefore;
  private long receivedBefore;
  private final ResponseRelay response;
  private final boolean upgradeRequested;
  private final RequestBody body;
  private final UpstreamTimeouts timeouts;
  /** Created when the request first needs the upstream's queue (most upstreams have none). */
  private QueueWait queue;
  private State state = State.CONNECTING;
  private BackendHandler backend;
  private boolean sentThisTry;
  /**
   * The body sent instead of the client's ({@code proxy_set_body}, or none with {@code proxy_pass_request_body
   * off}), handed in by the frontend once the call started; null: the client's body is sent.
   */
  private final HttpContent ownBody;
  /** TLS to the upstream; empty: plain HTTP. */
  private final Optional<UpstreamTls> tls;

  ProxyCall(FrontendHandler frontend, RequestContext ctx, ProxySettings settings, UpstreamRuntime upstream,
      String uri, byte[] clientAddress, String hashKey) {
    this(frontend, ctx, settings, upstream, uri, clientAddress, hashKey, false);
  }

  /** With {@code tls}: to the upstream over TLS ({@code proxy_pass https://}), as {@code settings} say. */
  ProxyCall(FrontendHandler frontend, RequestContext ctx, ProxySettings settings, UpstreamRuntime upstream,
      String uri, byte[] clientAddress, String hashKey, boolean tls) {
    this.tls = tls ? Optional.of(settings.proxy().upstreamTls()) : Optional.empty();
    this.frontend = frontend;
    this.ctx = ctx;
    this.settings = settings;
    this.upstream = upstream;
    this.response = new ResponseRelay(frontend, ctx, ctx.request.method().equals(HttpMethod.HEAD));
    ctx.proxyHost = upstream.proxyHost();
    this.upgradeRequested = ProxyHeaders.isUpgrade(ctx.request);
    UpstreamRequestSettings sent = settings.upstreamRequest();
    byte[] replacement = !sent.replacesBody() ? null : sent.body().isEmpty() || !sent.passBody() ? new byte[0]
        : sent.body().get().render(ctx).getBytes(StandardCharsets.UTF_8);
    this.ownBody = replacement == null ? null
        : new DefaultLastHttpContent(Unpooled.wrappedBuffer(replacement));
    this.upstreamRequest = ProxyHeaders.upstreamRequest(ctx, settings, uri, replacement);
    this.tries = new PeerTries(upstream, ctx, settings, clientAddress, hashKey);
    this.body = new RequestBody(settings.clientMaxBodySize());
    this.timeouts = new UpstreamTimeouts(settings.readTimeout().toNanos(), settings.sendTimeout().toNanos());
  }

  @Override
  public void start() {
    tryNext(NextUpstream.ERROR);
  }

  /**
   * The body this call sends instead of the client's (whose content the frontend then reads and drops), or null
   * when it sends the client's.
   */
  @Override
  public HttpContent ownBody() {
    return ownBody;
  }

  /** Body from the client: forwarded when connected, else held until the connection is ready. */
  @Override
  public void onRequestContent(HttpContent content) {
    ctx.requestLength += content.content().readableBytes();
    if (!body.receive(content)) {
      abortTry();
      frontend.failRequest(413);
      return;
    }
    if (state == State.CONNECTING || backend == null) {
      body.hold(content);
      if (!body.complete()) {
        frontend.pauseReading();
      }
      return;
    }
    if (state == State.DONE) {
      content.release();
      return;
    }
    Channel ch = backend.channel();
    body.send(ch, content);
    ch.flush();
    if (backend == null || backend.channel() != ch || state == State.DONE) {
      // The write failed at once (the upstream had reset): the try already ended inside the write.
      return;
    }
    afterBodyWrite();
  }

  private void afterBodyWrite() {
    if (body.complete()) {
      startReadTimer();
    } else if (!backend.channel().isWritable()) {
      frontend.pauseReading();
      frontend.armTimer(timeouts.unwritable(System.nanoTime()));
    }
  }

  void onBackendWritable() {
    timeouts.writable();
    if (state != State.DONE && !body.complete()) {
      frontend.readMoreBody();
    }
  }

  @Override
  public void onClientWritable() {
    if (state == State.STREAMING_RESPONSE) {
      response.clientWritable();
    }
  }

  private void tryNext(NextUpstream reason) {
    if (tries.outOfTime()) {
      giveUp(reason);
      return;
    }
    Optional<Peer> next = tries.next();
    if (next.isEmpty() && !tries.triedAny() && upstream.config().queue().size() > 0) {
      if (queue == null) {
        queue = new QueueWait(upstream, frontend.channel().eventLoop(), this::onQueueWake, this::onQueueExpired);
      }
      if (queue.enter()) {
        return;
      }
      frontend.logError("no upstream server free in \"" + upstream.name() + "\" and its queue is full or the "
          + "wait expired");
      failLocally(503);
      return;
    }
    if (next.isEmpty()) {
      if (!tries.triedAny()) {
        frontend.logError("no live upstreams while connecting to upstream \"" + upstream.name() + "\"");
      }
      giveUp(tries.triedAny() ? reason : NextUpstream.ERROR);
      return;
    }
    Peer peer = next.get();
    leaveQueue();
    sentThisTry = false;
    Channel client = frontend.channel();
    // TLS and plain connections to one address are pooled apart, and TLS ones by the name they were opened for.
    String poolKey = tls.isEmpty() ? tries.peer().address()
        : "https://" + tls.get().name().orElse(tlsHost()) + "@" + tries.peer().address();
    Optional<BackendHandler> pooled = upstream.pool().acquire(client.eventLoop(), poolKey);
    if (pooled.isPresent()) {
      tries.usingCachedConnection();
      attach(pooled.get());
      return;
    }
    state = State.CONNECTING;
    BackendHandler handler = new BackendHandler(upstream.pool(), poolKey);
    UpstreamConnector.connect(client, peer, handler, settings.connectTimeout(), tls, tlsHost())
        .addListener((ChannelFuture done) -> onConnected(done, peer, handler));
  }

  private void onConnected(ChannelFuture done, Peer connectingTo, BackendHandler handler) {
    if (state == State.DONE || tries.peer() != connectingTo) {
      done.channel().close();
    } else if (done.isSuccess() && tls.isPresent()) {
      done.channel().pipeline().get(SslHandler.class).handshakeFuture()
          .addListener(shaken -> onHandshake(shaken, done.channel(), connectingTo, handler));
    } else if (done.isSuccess()) {
      attach(handler);
    } else {
      boolean timeout = done.cause() instanceof ConnectTimeoutException;
      // nginx's words: the errno and its text, then the request and the upstream URL it was for.
      frontend.logUpstreamError((timeout ? "upstream timed out (110: Connection timed out)"
          : "connect() failed (" + SystemErrors.describe(done.cause()) + ")") + " while connecting to upstream",
          upstreamUrl(connectingTo.address()));
      tryFailed(timeout ? NextUpstream.TIMEOUT : NextUpstream.ERROR);
    }
  }

  private void onHandshake(io.netty.util.concurrent.Future<?> shaken, Channel ch, Peer connectingTo,
      BackendHandler handler) {
    if (state == State.DONE || tries.peer() != connectingTo) {
      ch.close();
    } else if (shaken.isSuccess()) {
      attach(handler);
    } else {
      ch.close();
      frontend.logUpstreamError("SSL_do_handshake() failed (" + shaken.cause().getMessage()
          + ") while SSL handshaking to upstream", upstreamUrl(connectingTo.address()));
      tryFailed(NextUpstream.ERROR);
    }
  }

  /** The host of proxy_pass without the port: the default name for SNI. */
  private String tlsHost() {
    String name = upstream.proxyHost();
    int colon = name.lastIndexOf(':');
    return colon > 0 && name.indexOf(']') < colon && name.substring(colon + 1).chars().allMatch(Character::isDigit)
        ? name.substring(0, colon) : name;
  }

  /** The upstream as nginx names it in error lines: {@code http://ADDRESS/URI}, the URI as sent upstream. */
  private String upstreamUrl(String address) {
    return (tls.isPresent() ? "https://" : "http://") + address + upstreamRequest.uri();
  }

  private void attach(BackendHandler handler) {
    backend = handler;
    ctx.upstreamTimes.connected(System.nanoTime());
    sentBefore = handler.bytesSent();
    receivedBefore = handler.bytesReceived();
    handler.attach(this, upstreamRequest.method().equals(HttpMethod.HEAD));
    state = State.AWAITING_RESPONSE;
    sentThisTry = true;
    Channel ch = handler.channel();
    ch.write(upstreamRequest, ch.voidPromise());
    body.sendForNewTry(ch);
    ch.flush();
    if (backend != handler || state == State.DONE) {
      // A write failed at once and ended this try (a retry may already be scheduled).
      return;
    }
    timeouts.read(System.nanoTime());
    if (body.complete()) {
      startReadTimer();
    } else {
      frontend.sendContinueIfExpected();
      if (ch.isWritable()) {
        frontend.readMoreBody();
      } else {
        frontend.pauseReading();
      }
    }
  }

  /**
   * Starts watching {@code proxy_read_timeout}. The check runs on the connection's single timer
   * ({@link FrontendHandler#armTimer}), so a request schedules nothing itself.
   */
  private void startReadTimer() {
    if (state == State.DONE) {
      return;
    }
    long deadline = timeouts.watchReads(System.nanoTime());
    if (deadline != 0) {
      frontend.armTimer(deadline);
    }
  }

  /**
   * Called by the connection's timer: fails the try if the upstream has been silent for the read timeout or
   * unwritable for the send timeout.
   *
   * @return the next time this call needs a check, or {@link Long#MAX_VALUE} for none
   */
  @Override
  public long checkTimeouts(long now) {
    if (state == State.DONE || backend == null) {
      return Long.MAX_VALUE;
    }
    UpstreamTimeouts.Expiry expiry = timeouts.expired(now);
    if (expiry == UpstreamTimeouts.Expiry.NONE) {
      return timeouts.nextDeadline();
    }
    frontend.logError("upstream timed out while " + (expiry == UpstreamTimeouts.Expiry.SEND ? "sending request to"
        : "reading response header from") + " upstream " + tries.peer().address());
    failTry(NextUpstream.TIMEOUT);
    return Long.MAX_VALUE;
  }

  /** A failure of the current try: before the response started it may retry, after it the client is closed. */
  private void failTry(NextUpstream kind) {
    if (state == State.STREAMING_RESPONSE) {
      finishFailed();
    } else {
      tryFailed(kind);
    }
  }

  void onBackendRead(BackendHandler from, HttpObject msg) {
    if (from != backend || state == State.DONE) {
      ReferenceCountUtil.release(msg);
      return;
    }
    timeouts.read(System.nanoTime());
    if (msg.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      frontend.logError("upstream sent invalid response: " + msg.decoderResult().cause().getMessage());
      failTry(NextUpstream.INVALID_HEADER);
      return;
    }
    if (msg instanceof HttpResponse response) {
      onResponseHead(response);
    }
    if (msg instanceof HttpContent content && response.content(content)) {
      finishOk();
    }
  }

  private void onResponseHead(HttpResponse head) {
    if (!response.isFinal(head)) {
      return;
    }
    int status = head.status().code();
    tries.responded(status);
    if (status == 101 && upgradeRequested) {
      switchProtocols(head);
      return;
    }
    Optional<NextUpstream> listed = RetryRules.listedStatus(settings, status);
    if (listed.isPresent() && tries.moreTriesLeft() && retryAllowed()) {
      endTry();
      tries.release(RetryRules.countsAsFailure(status) ? Outcome.FAILURE : Outcome.NEUTRAL);
      retryLater(listed.get());
      return;
    }
    if (status >= 300 && settings.errors().interceptErrors() && settings.errors().page(status).isPresent()) {
      // proxy_intercept_errors: the upstream's answer is dropped (its connection closed, as nginx does when it
      // finalizes mid-response) and the location's error page answers instead.
      endTry();
      state = State.DONE;
      tries.release(Outcome.SUCCESS);
      body.release();
      frontend.interceptUpstreamError(head);
      return;
    }
    if (settings.proxy().followsAccelRedirect() && head.headers().contains(AccelRedirect.HEADER)) {
      // X-Accel-Redirect: the answer is not relayed (its connection closed, as for an intercepted error) and the
      // request moves to the URI or named location it names.
      endTry();
      state = State.DONE;
      tries.release(Outcome.SUCCESS);
      body.release();
      frontend.accelRedirect(head);
      return;
    }
    state = State.STREAMING_RESPONSE;
    response.start(head, backend.channel());
  }

  /** The upstream accepted an Upgrade: both connections become a byte tunnel until either closes. */
  private void switchProtocols(HttpResponse switching) {
    timeouts.stopReads();
    state = State.DONE;
    body.release();
    BackendHandler upstreamConnection = backend;
    upstreamConnection.detach();
    backend = null;
    Runnable onClose = tries.handOver();
    FrontendHandler client = frontend;
    client.switchToTunnel(ProxyHeaders.switchingProtocols(switching, Responses.server(settings)),
        () -> TunnelSwitch.install(client.channel(), client, upstreamConnection, onClose));
  }

  private void leaveQueue() {
    if (queue != null) {
      queue.leave();
    }
  }

  private void onQueueWake() {
    if (state != State.DONE) {
      tryNext(NextUpstream.ERROR);
    }
  }

  private void onQueueExpired() {
    if (state != State.DONE) {
      frontend.logError("request waited " + upstream.config().queue().timeout().toMillis()
          + "ms in the queue of upstream \"" + upstream.name() + "\"");
      failLocally(503);
    }
  }

  void onBackendReadComplete() {
    frontend.channel().flush();
  }

  /** {@code $upstream_bytes_sent} and {@code $upstream_bytes_received} of the try on {@link #backend}. */
  private void countBytes() {
    if (backend != null) {
      ctx.upstreamBytesSent = backend.bytesSent() - sentBefore;
      ctx.upstreamBytesReceived = backend.bytesReceived() - receivedBefore;
    }
  }

  private void finishOk() {
    countBytes();
    timeouts.stopReads();
    state = State.DONE;
    tries.release(Outcome.SUCCESS);
    boolean reusable = response.keepAlive() && body.complete() && body.allSent();
    body.dropCopies();
    if (reusable) {
      backend.detachAndRelease();
    } else {
      backend.detachAndClose();
    }
    backend = null;
    frontend.responseFinished(body.complete());
  }

  /** The upstream failed after the response started: the client connection is closed, as nginx does. */
  private void finishFailed() {
    countBytes();
    endTry();
    state = State.DONE;
    tries.release(Outcome.FAILURE);
    body.release();
    frontend.abortConnection();
  }

  void onBackendClosed(BackendHandler from) {
    if (from != backend || state == State.DONE) {
      return;
    }
    if (state != State.STREAMING_RESPONSE) {
      frontend.logError("upstream prematurely closed connection while reading response header from upstream "
          + tries.peer().address());
    }
    failTry(NextUpstream.ERROR);
  }

  void onBackendError(BackendHandler from, Throwable cause) {
    if (from != backend || state == State.DONE) {
      return;
    }
    frontend.logUpstreamError((state == State.AWAITING_RESPONSE ? "recv() failed (" : "upstream error (")
        + SystemErrors.describe(cause) + (state == State.AWAITING_RESPONSE
        ? ") while reading response header from upstream" : ") while reading upstream"),
        upstreamUrl(tries.peer().address()));
    failTry(NextUpstream.ERROR);
  }

  private boolean retryAllowed() {
    return body.replayable() && RetryRules.allowed(ctx.request.method(), settings, sentThisTry);
  }

  /** A try failed before anything reached the client: count it, then retry or give up. */
  private void tryFailed(NextUpstream kind) {
    boolean retry = settings.nextUpstream().contains(kind) && retryAllowed();
    endTry();
    tries.releaseFailed(kind == NextUpstream.ERROR);
    if (retry) {
      retryLater(kind);
    } else {
      giveUp(kind);
    }
  }

  /**
   * Starts the next try in a task of its own, never inside the callback that ended this one. The failed
   * connection's socket is closed by now, so a new socket opened at once could reuse its descriptor number while
   * the event loop still holds readiness events for the old socket from the same epoll batch (an error, a hang-up):
   * those would be delivered to the new connection and close it ("connect() failed", a 502 with a live server
   * next). The task runs after the batch is processed.
   */
  private void retryLater(NextUpstream reason) {
    state = State.CONNECTING;
    frontend.channel().eventLoop().execute(() -> {
      if (state != State.DONE && backend == null && !tries.held()) {
        tryNext(reason);
      }
    });
  }

  /** Ends the current try's use of its connection (closed: a response may be in flight on it). */
  private void endTry() {
    timeouts.stopReads();
    if (backend != null) {
      backend.detachAndClose();
      backend = null;
    }
  }

  private void giveUp(NextUpstream reason) {
    failLocally(RetryRules.giveUpStatus(reason));
  }

  private void failLocally(int status) {
    state = State.DONE;
    body.release();
    frontend.failRequest(status);
  }

  /** The client went away or sent a bad body: drop the upstream side without judging the peer. */
  @Override
  public void abortTry() {
    if (state == State.DONE) {
      return;
    }
    endTry();
    leaveQueue();
    state = State.DONE;
    tries.release(Outcome.NEUTRAL);
    body.release();
  }
}
