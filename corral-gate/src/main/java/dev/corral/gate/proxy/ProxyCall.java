package dev.corral.gate.proxy;

import dev.corral.gate.balance.Outcome;
import dev.corral.gate.balance.Peer;
import dev.corral.gate.balance.Selection;
import dev.corral.gate.config.NextUpstream;
import dev.corral.gate.config.ProxySettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;

/**
 * One proxied request, across all its tries: chooses a peer with the upstream's {@link Selection}, takes a pooled
 * connection or connects, sends the request head and streams the body, then streams the response back. Before
 * anything reached the client, an error, a timeout, an invalid response or a status listed in
 * {@code proxy_next_upstream} moves to the next peer (nginx's rules: not on the last try, not for non-idempotent
 * requests once sent unless {@code non_idempotent}, not once body bytes were streamed); giving up answers 504
 * after a timeout and 502 otherwise. After the response started, an upstream failure closes the client connection.
 *
 * <p>Flow control in both directions: client reads are requested only while the upstream connection is writable,
 * and the upstream connection stops reading while the client connection is not writable.
 *
 * <p>Confined to the client connection's event loop; upstream connections are opened on the same loop.
 *
 * <p>Size: one request's whole upstream life (tries, body replay, response streaming, timeouts) over one set of
 * fields, kept together on the hot path; extracting the body replay buffer is a known follow-up.
 */
final class ProxyCall {
  private static final Set<HttpMethod> NON_IDEMPOTENT = Set.of(HttpMethod.POST, HttpMethod.PATCH,
      HttpMethod.valueOf("LOCK"));

  /** Bytes of request body kept for retries; larger bodies stream without a copy and are not retried. */
  static final int REPLAY_LIMIT = 64 * 1024;

  private enum State {
    CONNECTING,
    AWAITING_RESPONSE,
    STREAMING_RESPONSE,
    DONE
  }

  private final FrontendHandler frontend;
  private final RequestContext ctx;
  private final ProxySettings settings;
  private final UpstreamRuntime upstream;
  private final Selection selection;
  private final HttpRequest upstreamRequest;
  private final boolean headRequest;
  private final boolean upgradeRequested;
  private final ArrayDeque<HttpContent> pendingBody = new ArrayDeque<>();
  private State state = State.CONNECTING;
  private BackendHandler backend;
  private Peer peer;
  /** Whether {@link #peer} is taken from the selection and not yet released. */
  private boolean peerHeld;
  private boolean cachedConnection;
  private boolean sentThisTry;
  private boolean bodyStreamed;
  /**
   * Copies of the body already sent, kept so a retry can send it again (nginx buffers request bodies for the
   * same reason); dropped once they exceed {@link #REPLAY_LIMIT} bytes, after which a streamed body is not retried.
   */
  private final ArrayDeque<HttpContent> replay = new ArrayDeque<>();
  private long replayBytes;
  private boolean replayable = true;
  private boolean requestComplete;
  private boolean skippingInformational;
  private boolean responseKeepAlive;
  private long tryStartNanos;
  private long lastBackendReadNanos;
  private long requestBodyBytes;
  private boolean readTimerActive;
  /** Corral queue: the pending wake-up, its timeout and the wait's deadline (0 = never queued). */
  private Runnable queueWaiter;
  private io.netty.util.concurrent.ScheduledFuture<?> queueTimer;
  private long queueDeadline;
  /** Since when the upstream connection has not been writable (proxy_send_timeout); 0 when writable. */
  private long backendUnwritableSinceNanos;

  ProxyCall(FrontendHandler frontend, RequestContext ctx, ProxySettings settings, UpstreamRuntime upstream,
      String uri, byte[] clientAddress, String hashKey) {
    this.frontend = frontend;
    this.ctx = ctx;
    this.settings = settings;
    this.upstream = upstream;
    this.headRequest = ctx.request.method().equals(HttpMethod.HEAD);
    ctx.proxyHost = upstream.proxyHost();
    this.upgradeRequested = ProxyHeaders.isUpgrade(ctx.request);
    this.upstreamRequest = ProxyHeaders.upstreamRequest(ctx, settings, uri);
    this.selection = upstream.upstream().newSelection(clientAddress, hashKey, settings.nextUpstreamTries());
  }

  void start() {
    tryNext(NextUpstream.ERROR);
  }

  /** Body from the client: forwarded when connected, else held until the connection is ready. */
  void onRequestContent(HttpContent content) {
    requestBodyBytes += content.content().readableBytes();
    ctx.requestLength += content.content().readableBytes();
    if (settings.clientMaxBodySize() > 0 && requestBodyBytes > settings.clientMaxBodySize()) {
      content.release();
      abortTry();
      frontend.failRequest(413);
      return;
    }
    if (content instanceof LastHttpContent) {
      requestComplete = true;
    }
    if (state == State.CONNECTING || backend == null) {
      pendingBody.add(content);
      if (!requestComplete) {
        frontend.pauseReading();
      }
      return;
    }
    if (state == State.DONE) {
      content.release();
      return;
    }
    Channel ch = backend.channel();
    writeBody(ch, content);
    ch.flush();
    if (backend == null || backend.channel() != ch || state == State.DONE) {
      // The write failed at once (the upstream had reset): the try already ended inside the write.
      return;
    }
    afterBodyWrite();
  }

  private void writeBody(Channel ch, HttpContent content) {
    int size = content.content().readableBytes();
    if (size > 0) {
      bodyStreamed = true;
    }
    if (replayable) {
      if (replayBytes + size <= REPLAY_LIMIT) {
        replay.add(content.retainedDuplicate());
        replayBytes += size;
      } else {
        replayable = false;
        releaseReplay();
      }
    }
    ch.write(content, ch.voidPromise());
  }

  private void releaseReplay() {
    HttpContent c;
    while ((c = replay.poll()) != null) {
      c.release();
    }
  }

  private void afterBodyWrite() {
    if (requestComplete) {
      startReadTimer();
    } else if (!backend.channel().isWritable()) {
      frontend.pauseReading();
      backendUnwritableSinceNanos = System.nanoTime();
      frontend.armTimer(backendUnwritableSinceNanos + settings.sendTimeout().toNanos());
    }
  }

  void onBackendWritable() {
    backendUnwritableSinceNanos = 0;
    if (state != State.DONE && !requestComplete) {
      frontend.readMoreBody();
    }
  }

  void onClientWritable() {
    if (backend != null && state == State.STREAMING_RESPONSE) {
      backend.channel().config().setAutoRead(true);
    }
  }

  private void tryNext(NextUpstream reason) {
    long elapsed = System.nanoTime() - ctx.startNanos;
    if (!settings.nextUpstreamTimeout().isZero() && elapsed > settings.nextUpstreamTimeout().toNanos()
        && peer != null) {
      giveUp(reason);
      return;
    }
    Optional<Peer> next = selection.next();
    if (next.isEmpty() && peer == null && upstream.config().queue().size() > 0) {
      if (waitInQueue()) {
        return;
      }
      frontend.logError("no upstream server free in \"" + upstream.name() + "\" and its queue is full or the "
          + "wait expired");
      state = State.DONE;
      releasePending();
      frontend.failRequest(503);
      return;
    }
    if (next.isEmpty()) {
      if (peer == null) {
        frontend.logError("no live upstreams while connecting to upstream \"" + upstream.name() + "\"");
      }
      giveUp(peer == null ? NextUpstream.ERROR : reason);
      return;
    }
    peer = next.get();
    peerHeld = true;
    leaveQueue();
    sentThisTry = false;
    tryStartNanos = System.nanoTime();
    ctx.upstreamAddr = appendUpstream(ctx.upstreamAddr, peer.address());
    Channel client = frontend.channel();
    Optional<BackendHandler> pooled = upstream.pool().acquire(client.eventLoop(), peer.address());
    if (pooled.isPresent()) {
      cachedConnection = true;
      attach(pooled.get());
      return;
    }
    cachedConnection = false;
    state = State.CONNECTING;
    BackendHandler handler = new BackendHandler(upstream.pool(), peer.address());
    Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(client.getClass().asSubclass(Channel.class))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
            settings.connectTimeout().toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new io.netty.channel.ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), handler);
          }
        });
    Peer connectingTo = peer;
    ChannelFuture f = b.connect(new InetSocketAddress(peer.server().host(), peer.server().port()));
    f.addListener((ChannelFuture done) -> {
      if (state == State.DONE || peer != connectingTo) {
        done.channel().close();
        return;
      }
      if (done.isSuccess()) {
        attach(handler);
      } else {
        boolean timeout = done.cause() instanceof ConnectTimeoutException;
        frontend.logError((timeout ? "upstream timed out" : "connect() failed") + " (" + done.cause().getMessage()
            + ") while connecting to upstream " + connectingTo.address());
        tryFailed(timeout ? NextUpstream.TIMEOUT : NextUpstream.ERROR);
      }
    });
  }

  /** nginx's comma-separated list of tries, as in {@code $upstream_addr}. */
  private static String appendUpstream(String list, String value) {
    return list.isEmpty() ? value : list + ", " + value;
  }

  private void attach(BackendHandler handler) {
    backend = handler;
    handler.attach(this);
    state = State.AWAITING_RESPONSE;
    sentThisTry = true;
    Channel ch = handler.channel();
    ch.write(upstreamRequest, ch.voidPromise());
    boolean endWritten = false;
    for (HttpContent copy : replay) {
      // A retry: what the previous peer got, again.
      endWritten |= copy instanceof LastHttpContent;
      ch.write(copy.retainedDuplicate(), ch.voidPromise());
    }
    if (requestComplete && pendingBody.isEmpty() && !endWritten) {
      // A retry of a bodyless request whose end went to the previous peer uncopied.
      ch.write(LastHttpContent.EMPTY_LAST_CONTENT, ch.voidPromise());
    }
    while (!pendingBody.isEmpty()) {
      writeBody(ch, pendingBody.poll());
    }
    ch.flush();
    if (backend != handler || state == State.DONE) {
      // A write failed at once and ended this try (a retry may already be scheduled).
      return;
    }
    lastBackendReadNanos = System.nanoTime();
    if (requestComplete) {
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
   * Starts watching {@code proxy_read_timeout}: the time between two reads from the upstream. The check runs on
   * the connection's single timer ({@link FrontendHandler#armTimer}), so a request schedules nothing itself.
   */
  private void startReadTimer() {
    if (readTimerActive || state == State.DONE) {
      return;
    }
    readTimerActive = true;
    lastBackendReadNanos = System.nanoTime();
    frontend.armTimer(lastBackendReadNanos + settings.readTimeout().toNanos());
  }

  /**
   * Called by the connection's timer: fails the try if the upstream has been silent for the read timeout.
   *
   * @return the next time this call needs a check, or {@link Long#MAX_VALUE} for none
   */
  long checkTimeouts(long now) {
    if (state == State.DONE || backend == null) {
      return Long.MAX_VALUE;
    }
    if (backendUnwritableSinceNanos != 0) {
      long sendDeadline = backendUnwritableSinceNanos + settings.sendTimeout().toNanos();
      if (now - sendDeadline >= 0) {
        readTimerActive = false;
        frontend.logError("upstream timed out while sending request to upstream " + peer.address());
        if (state == State.STREAMING_RESPONSE) {
          finishFailed();
        } else {
          tryFailed(NextUpstream.TIMEOUT);
        }
        return Long.MAX_VALUE;
      }
      if (!readTimerActive) {
        return sendDeadline;
      }
    }
    if (!readTimerActive) {
      return Long.MAX_VALUE;
    }
    long deadline = lastBackendReadNanos + settings.readTimeout().toNanos();
    if (now - deadline < 0) {
      return deadline;
    }
    readTimerActive = false;
    frontend.logError("upstream timed out while reading response header from upstream " + peer.address());
    if (state == State.STREAMING_RESPONSE) {
      finishFailed();
    } else {
      tryFailed(NextUpstream.TIMEOUT);
    }
    return Long.MAX_VALUE;
  }

  private void cancelReadTimer() {
    readTimerActive = false;
  }

  void onBackendRead(BackendHandler from, HttpObject msg) {
    if (from != backend || state == State.DONE) {
      ReferenceCountUtil.release(msg);
      return;
    }
    lastBackendReadNanos = System.nanoTime();
    if (msg.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      frontend.logError("upstream sent invalid response: " + msg.decoderResult().cause().getMessage());
      if (state == State.STREAMING_RESPONSE) {
        finishFailed();
      } else {
        tryFailed(NextUpstream.INVALID_HEADER);
      }
      return;
    }
    if (msg instanceof HttpResponse response) {
      onResponseHead(response);
    }
    if (msg instanceof HttpContent content) {
      onResponseContent(content);
    }
  }

  private void onResponseHead(HttpResponse response) {
    int status = response.status().code();
    if (status >= 100 && status < 200 && status != 101) {
      skippingInformational = true;
      return;
    }
    ctx.upstreamHeaderNanos = System.nanoTime() - tryStartNanos;
    ctx.upstreamStatus = appendUpstream(ctx.upstreamStatus, Integer.toString(status));
    if (status == 101 && upgradeRequested) {
      switchProtocols(response);
      return;
    }
    Optional<NextUpstream> condition = NextUpstream.forStatus(status);
    if (condition.isPresent() && settings.nextUpstream().contains(condition.get()) && selection.triesLeft() > 1
        && retryAllowed()) {
      boolean counted = status != 403 && status != 404;
      releaseTry(counted ? Outcome.FAILURE : Outcome.NEUTRAL);
      retryLater(condition.get());
      return;
    }
    state = State.STREAMING_RESPONSE;
    responseKeepAlive = HttpUtil.isKeepAlive(response);
    ctx.response = response;
    boolean bodyless = headRequest || status == 204 || status == 304;
    frontend.writeResponseHead(response, bodyless);
  }

  private void onResponseContent(HttpContent content) {
    if (skippingInformational) {
      content.release();
      if (content instanceof LastHttpContent) {
        skippingInformational = false;
      }
      return;
    }
    if (state != State.STREAMING_RESPONSE) {
      content.release();
      return;
    }
    boolean last = content instanceof LastHttpContent;
    Channel client = frontend.channel();
    frontend.writeResponseContent(content);
    if (last) {
      finishOk();
    } else if (!client.isWritable()) {
      backend.channel().config().setAutoRead(false);
    }
  }

  /** The upstream accepted an Upgrade: both connections become a byte tunnel until either closes. */
  private void switchProtocols(HttpResponse response) {
    cancelReadTimer();
    state = State.DONE;
    releasePending();
    BackendHandler upstreamConnection = backend;
    upstreamConnection.detach();
    backend = null;
    peerHeld = false;
    Selection sel = selection;
    long start = tryStartNanos;
    frontend.switchToTunnel(ProxyHeaders.switchingProtocols(response), upstreamConnection,
        () -> sel.release(Outcome.SUCCESS, System.nanoTime() - start));
  }

  /**
   * Corral's queue: waits for a release in this upstream, up to the queue timeout from the first attempt.
   *
   * @return false if the queue is full or the wait has expired
   */
  private boolean waitInQueue() {
    long now = System.nanoTime();
    var queue = upstream.config().queue();
    if (queueDeadline == 0) {
      queueDeadline = now + queue.timeout().toNanos();
    }
    if (now - queueDeadline >= 0) {
      return false;
    }
    io.netty.channel.EventLoop loop = frontend.channel().eventLoop();
    Runnable wake = () -> loop.execute(this::onQueueWake);
    if (!upstream.upstream().enqueue(wake, queue.size())) {
      return false;
    }
    queueWaiter = wake;
    if (queueTimer == null) {
      queueTimer = loop.schedule(this::onQueueTimeout, queueDeadline - now, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    return true;
  }

  private void onQueueWake() {
    queueWaiter = null;
    if (state != State.DONE) {
      tryNext(NextUpstream.ERROR);
    }
  }

  private void onQueueTimeout() {
    queueTimer = null;
    if (state != State.DONE && queueWaiter != null && upstream.upstream().dequeue(queueWaiter)) {
      queueWaiter = null;
      frontend.logError("request waited " + upstream.config().queue().timeout().toMillis()
          + "ms in the queue of upstream \"" + upstream.name() + "\"");
      state = State.DONE;
      releasePending();
      frontend.failRequest(503);
    }
  }

  private void leaveQueue() {
    if (queueWaiter != null) {
      upstream.upstream().dequeue(queueWaiter);
      queueWaiter = null;
    }
    if (queueTimer != null) {
      queueTimer.cancel(false);
      queueTimer = null;
    }
  }

  void onBackendReadComplete() {
    frontend.channel().flush();
  }

  private void finishOk() {
    cancelReadTimer();
    state = State.DONE;
    release(Outcome.SUCCESS, System.nanoTime() - tryStartNanos);
    boolean reusable = responseKeepAlive && requestComplete && pendingBody.isEmpty();
    releaseReplay();
    if (reusable) {
      backend.detachAndRelease();
    } else {
      backend.detachAndClose();
    }
    backend = null;
    frontend.responseFinished(requestComplete);
  }

  /** The upstream failed after the response started: the client connection is closed, as nginx does. */
  private void finishFailed() {
    cancelReadTimer();
    state = State.DONE;
    release(Outcome.FAILURE, 0);
    if (backend != null) {
      backend.detachAndClose();
      backend = null;
    }
    releasePending();
    frontend.abortConnection();
  }

  void onBackendClosed(BackendHandler from) {
    if (from != backend || state == State.DONE) {
      return;
    }
    if (state == State.STREAMING_RESPONSE) {
      finishFailed();
      return;
    }
    frontend.logError("upstream prematurely closed connection while reading response header from upstream "
        + peer.address());
    tryFailed(NextUpstream.ERROR);
  }

  void onBackendError(BackendHandler from, Throwable cause) {
    if (from != backend || state == State.DONE) {
      return;
    }
    frontend.logError("upstream error (" + cause.getMessage() + ") from upstream " + peer.address());
    if (state == State.STREAMING_RESPONSE) {
      finishFailed();
    } else {
      tryFailed(NextUpstream.ERROR);
    }
  }

  private boolean retryAllowed() {
    if (bodyStreamed && !replayable) {
      return false;
    }
    return !sentThisTry || !NON_IDEMPOTENT.contains(ctx.request.method())
        || settings.nextUpstream().contains(NextUpstream.NON_IDEMPOTENT);
  }

  /** A try failed before anything reached the client: count it, then retry or give up. */
  private void tryFailed(NextUpstream kind) {
    boolean refund = cachedConnection && kind == NextUpstream.ERROR;
    boolean retry = settings.nextUpstream().contains(kind) && retryAllowed();
    releaseTry(Outcome.FAILURE);
    if (refund) {
      selection.refundTry();
    }
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
      if (state != State.DONE && backend == null && !peerHeld) {
        tryNext(reason);
      }
    });
  }

  private void release(Outcome outcome, long latencyNanos) {
    if (peerHeld) {
      peerHeld = false;
      selection.release(outcome, latencyNanos);
    }
  }

  private void releaseTry(Outcome outcome) {
    cancelReadTimer();
    release(outcome, 0);
    if (backend != null) {
      backend.detachAndClose();
      backend = null;
    }
  }

  private void giveUp(NextUpstream reason) {
    state = State.DONE;
    releasePending();
    frontend.failRequest(reason == NextUpstream.TIMEOUT || reason == NextUpstream.HTTP_504 ? 504 : 502);
  }

  /** The client went away or sent a bad body: drop the upstream side without judging the peer. */
  void abortTry() {
    if (state == State.DONE) {
      return;
    }
    cancelReadTimer();
    leaveQueue();
    state = State.DONE;
    release(Outcome.NEUTRAL, 0);
    if (backend != null) {
      backend.detachAndClose();
      backend = null;
    }
    releasePending();
  }

  private void releasePending() {
    releaseReplay();
    HttpContent c;
    while ((c = pendingBody.poll()) != null) {
      c.release();
    }
  }
}
