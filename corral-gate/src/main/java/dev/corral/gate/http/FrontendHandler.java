package dev.corral.gate.http;



import dev.corral.gate.config.LocationMatcher;
import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.config.ServerConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The client side of one connection: reads requests (auto-read is on, and switched off for back-pressure: while
 * the upstream cannot take more body, while pipelined requests wait, or while an access phase holds the request),
 * routes each to a server and location, runs the location's {@link AccessPhase}s, then hands the request to its
 * {@link ContentHandler} (which answers it locally or starts a {@link UpstreamCall}). Pipelined requests wait in order
 * until the response before them is finished. Bad input becomes a response (400, 413, 414, 431) and a close, never
 * an exception.
 *
 * <p>Confined to the connection's event loop.
 *
 * <p>Collaborators with one job each: {@link RequestAdmission} (routing and refusals), {@link PipelineQueue},
 * {@link ConnectionTimer} with {@link ClientDeadlines}, {@link RequestLog}, the tunnel switch and
 * {@link ConnectionClose}. What is left here is the connection's state machine over one set of per-connection
 * fields (request framing, local answers, the hand-offs to and from the {@link UpstreamCall}).
 *
 * <p>Why it is bigger than our usual class: it is the per-connection state machine of the gate's hot path, run for
 * every request; state that would move to a per-request object costs an allocation per request on a path where
 * allocation is the gate's main garbage source (docs/bench/gate.md), and splitting the transitions across classes
 * would spread one state machine's invariants over several files.
 */
public final class FrontendHandler extends ChannelInboundHandlerAdapter implements PipelineQueue.Connection {
  /** The user event that drains a connection ({@link #drain}): fired into every client pipeline on quit. */
  public static final Object DRAIN = new Object();

  private enum State {
    AWAITING_REQUEST,
    IN_REQUEST,
    CLOSING
  }

  private final GateContext gate;
  private final String listenerKey;
  private final GateResponseEncoder encoder;
  /** The gzip filter, put in the pipeline before this handler for the first response it compresses. */
  private GzipFilter gzip;
  private final PipelineQueue pipelined = new PipelineQueue(this);
  private ChannelHandlerContext ctx;
  private State state = State.AWAITING_REQUEST;
  private String routeKey;
  private long connectionId;
  private int requests;
  private RequestContext request;
  private ProxySettings settings;
  /** The current request's upstream exchange, while it runs. */
  private UpstreamCall call;
  /** The current request's location (null before routing and after the request ended). */
  private LocationRoute route;
  /** The routes and server the current request was admitted with (kept for internal redirects). */
  private Router requestRoutes;
  private ServerConfig requestServer;
  /**
   * Access phases of locations the current request left by an internal redirect, to be finished when it ends;
   * null until a request is redirected.
   */
  private List<AccessPhase> leftPhases;
  /** Whether a {@link UpstreamCall} of the current request was given request body. */
  private boolean bodyTaken;
  /**
   * Whether the current request was redirected after a call took its body: later calls get none (and what is left
   * of it is read and dropped).
   */
  private boolean bodyDropped;
  /** Whether the current request announced a body (Content-Length over 0, or chunked). */
  private boolean bodyExpected;
  /** The index of the current request's next access phase. */
  private int nextPhase;
  /** Whether an access phase suspended the current request until {@link #accessResumesAt}. */
  private boolean accessSuspended;
  private long accessResumesAt;
  /** Whether an access phase waits for an asynchronous decision ({@link #awaitAccess}, a Redis zone). */
  private boolean accessAwaiting;
  private boolean requestComplete;
  private boolean responseStarted;
  private boolean keepAlive;
  private boolean continueSent;
  /** Whether this connection is counted in {@link GateContext#openConnections}. */
  private boolean counted;
  /** Read before the header map is reused upstream (where Expect is dropped). */
  private boolean expectContinue;
  /** The connection's one timer; created when the handler is added. */
  private ConnectionTimer timer;
  private final ClientDeadlines deadlines = new ClientDeadlines();
  /** Whether this connection is counted in {@code stub_status}'s Writing (a request in progress). */
  private boolean countedWriting;
  /** When the connection was accepted, for {@code keepalive_time}. */
  private long connectionStartNanos;
  /** Whether the socket has TCP_NODELAY (set by the listener on accept). */
  private boolean nodelay = true;

  FrontendHandler(GateContext gate, String listenerKey, GateResponseEncoder encoder) {
    this.gate = gate;
    this.listenerKey = listenerKey;
    this.encoder = encoder;
  }

  public Channel channel() {
    return ctx.channel();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.timer = new ConnectionTimer(ctx.executor(), this::onTimer);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    connectionId = gate.connectionIds.incrementAndGet();
    connectionStartNanos = System.nanoTime();
    counted = true;
    gate.stubStatus.accepted.increment();
    if (gate.openConnections.incrementAndGet() > gate.maxConnections) {
      gate.errorLog.warn(gate.maxConnections + " worker_connections are not enough");
      state = State.CLOSING;
      ctx.close();
      return;
    }
    gate.stubStatus.handled.increment();
    gate.clients.add(ctx.channel());
    routeKey = routeKey(gate.routes.get());
    ServerConfig server = gate.routes.get().defaultServer(routeKey);
    settings = server == null ? null : server.settings();
    startIdleTimer(settings == null ? 60_000 : settings.clientHeaderTimeout().toMillis());
  }

  /** A wildcard listener serves the servers of the connection's local address if there are any. */
  private String routeKey(Router routes) {
    if (!listenerKey.startsWith("*:")) {
      return listenerKey;
    }
    InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
    String specific = local.getAddress().getHostAddress() + ":" + local.getPort();
    return routes.hasKey(specific) ? specific : listenerKey;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    deadlines.read(System.nanoTime());
    if (state == State.CLOSING) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!pipelined.isEmpty() || (state == State.IN_REQUEST && (requestComplete || accessSuspended || accessAwaiting))) {
      // Pipelined: hold it, and stop reading until the response before it is done.
      pipelined.hold(msg);
      pauseReading();
      return;
    }
    dispatch(msg);
  }

  /** Asks for the next message: from the pipelined ones if any, else from the socket. */
  private void readNext() {
    pipelined.readNext();
  }

  /** Stops reading from the client (back-pressure); {@link #resumeReading()} undoes it. */
  public void pauseReading() {
    if (ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void resumeReading() {
    if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public boolean awaitingRequest() {
    return state == State.AWAITING_REQUEST;
  }

  @Override
  public boolean closing() {
    return state == State.CLOSING;
  }

  @Override
  public void dispatch(Object msg) {
    if (state == State.AWAITING_REQUEST) {
      if (msg instanceof HttpRequest req) {
        onRequest(req);
        if (msg instanceof HttpContent content) {
          if (accessSuspended || accessAwaiting) {
            // Read again, as content, when the request resumes.
            pipelined.holdFirst(msg);
          } else {
            onContent(content);
          }
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
    if (call != null && !bodyDropped && call.ownBody() == null) {
      bodyTaken = true;
      call.onRequestContent(content);
      return;
    }
    content.release();
    if (call != null) {
      // The call sends its own body: the client's is read on and dropped.
      if (!requestComplete) {
        readNext();
      }
      return;
    }
    if (requestComplete) {
      maybeFinish();
    } else {
      readNext();
    }
  }

  private void onRequest(HttpRequest req) {
    deadlines.busy();
    requests++;
    gate.stubStatus.requests.increment();
    if (!countedWriting) {
      countedWriting = true;
      gate.stubStatus.writing.incrementAndGet();
    }
    Router routes = gate.routes.get();
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
    request = new RequestContext(req, remote, local, System.nanoTime(), System.currentTimeMillis(), connectionId,
        requests);
    request.tls = dev.corral.gate.tls.TlsSession.of(ctx.channel());
    request.gate = gate;
    requestComplete = false;
    responseStarted = false;
    continueSent = false;
    bodyTaken = false;
    bodyDropped = false;
    expectContinue = HttpUtil.is100ContinueExpected(req);
    state = State.IN_REQUEST;
    encoder.headRequest(req.method().equals(HttpMethod.HEAD));
    RequestAdmission.Admission admission = RequestAdmission.admit(gate, routes, routeKey, request, requests);
    keepAlive = admission.keepAlive();
    requestRoutes = routes;
    requestServer = admission.server();
    if (admission.server() != null) {
      settings = admission.server().settings();
    }
    bodyExpected = admission.bodyExpected();
    if (admission.bodyExpected()) {
      armTimer(deadlines.lastRead() + settings.clientBodyTimeout().toNanos());
    }
    if (admission.location() != null) {
      settings = admission.location().config().settings();
    }
    if (keepAlive && settings != null
        && System.nanoTime() - connectionStartNanos > settings.client().keepaliveTime().toNanos()) {
      // keepalive_time: this request is the connection's last.
      keepAlive = false;
    }
    if (settings != null && settings.tcpNodelay() != nodelay) {
      // tcp_nodelay of the request's location (the listener turns it on for every accepted connection).
      nodelay = settings.tcpNodelay();
      ctx.channel().config().setOption(ChannelOption.TCP_NODELAY, nodelay);
    }
    if (admission.status() != 0) {
      failRequest(admission.status());
      return;
    }
    route = admission.location();
    nextPhase = 0;
    // nginx's post-read phase (the server's realip settings), else realip's preaccess run (the location's).
    if (!RealIp.apply(request, admission.server().settings().realIp())) {
      RealIp.apply(request, settings.realIp());
    }
    if (autoRedirected()) {
      return;
    }
    runAccessPhases();
  }

  /**
   * Serves the current request again as {@code target} (an {@link InternalRedirect}): a URI ({@code /path[?args]},
   * which replaces {@code $uri} and {@code $args}) or a named location ({@code @name}). The location is looked up
   * again in the request's server and its access phases and content handler run; a 11th change answers 500 with
   * nginx's {@code rewrite or internal redirection cycle} line, a missing named location 500 with
   * {@code could not find named location}, a URI no location matches 404. Must be called before the response has
   * started and while no {@link UpstreamCall} is running (after an upstream answer, once the call has let go).
   */
  public void internalRedirect(String target) {
    if (target.startsWith("@")) {
      if (failIfCycle(InternalRedirect.Cause.NAMED, target)) {
        return;
      }
      LocationRoute named = requestRoutes.named(requestServer, target);
      if (named == null) {
        logError("could not find named location \"" + target + "\"");
        failRequest(500);
        return;
      }
      request.internal = true;
      enterLocation(named);
      return;
    }
    if (failIfCycle(InternalRedirect.Cause.URI, target)) {
      return;
    }
    InternalRedirect.setUri(request, target);
    request.internal = true;
    enterLocation(requestRoutes.location(requestServer, request.path()));
  }

  /**
   * Looks the location up again for the request's current URI, as {@code rewrite … last} does after it changed
   * the URI ({@link RequestContext#changeUri}); counts as one of the request's {@link InternalRedirect#MAX_CHANGES}.
   */
  void relocate() {
    if (failIfCycle(InternalRedirect.Cause.REWRITE, request.path())) {
      return;
    }
    // As nginx's post-rewrite phase: back to the location look-up, not to the server's rewrite statements.
    enterLocation(requestRoutes.locationOf(requestServer, request.path()));
  }

  private boolean failIfCycle(InternalRedirect.Cause cause, String target) {
    String error = InternalRedirect.count(request, cause, target);
    if (error == null) {
      return false;
    }
    logError(error);
    failRequest(500);
    return true;
  }

  /**
   * Moves the current request to {@code next} (null: none matched, 404) and runs it there from the first phase,
   * without counting a URI change: also how a server's entry route hands the request to the location its rewrite
   * statements led to. Called by a phase (which then returns {@link AccessPhase#ANSWERED}) or a content handler.
   */
  void enterLocation(LocationRoute next) {
    LocationRoute left = route;
    if (left != null) {
      if (leftPhases == null) {
        leftPhases = new ArrayList<>();
      }
      for (int i = 0, reached = Math.min(nextPhase, left.phases()); i < reached; i++) {
        leftPhases.add(left.phase(i));
      }
    }
    route = null;
    nextPhase = 0;
    if (bodyTaken && !bodyDropped) {
      bodyDropped = true;
      request.request.headers().remove(HeaderNames.CONTENT_LENGTH).remove(HeaderNames.TRANSFER_ENCODING);
      if (!requestComplete) {
        keepAlive = false;
      }
    }
    if (next == null) {
      settings = requestServer.settings();
      failRequest(404);
      return;
    }
    settings = next.config().settings();
    route = next;
    if (autoRedirected()) {
      return;
    }
    runAccessPhases();
  }

  /**
   * nginx's auto redirect of a proxying {@code location /x/} for {@code /x} (also after an internal redirect):
   * answers 301 to {@code /x/} as a special response and returns true.
   */
  private boolean autoRedirected() {
    if (!LocationMatcher.autoRedirects(route.config(), request.path())) {
      return false;
    }
    specialResponse(301, request.path() + "/" + (request.query().isEmpty() ? "" : "?" + request.query()));
    return true;
  }

  /**
   * Runs the location's access phases from {@link #nextPhase}, then its content handler; stops where a phase
   * answers or suspends the request ({@link #suspendAccess}).
   */
  private void runAccessPhases() {
    // route is read again after each phase: an "if" of the rewrite phase may switch it to its nested location.
    while (nextPhase < route.phases()) {
      int verdict = route.phase(nextPhase++).check(this, request);
      if (verdict == AccessPhase.SUSPENDED || verdict == AccessPhase.ANSWERED) {
        return;
      }
      if (verdict != AccessPhase.NEXT) {
        failRequest(verdict);
        return;
      }
    }
    route.content().serve(this, request);
  }

  /**
   * The current request runs with {@code nested} (an {@code if} block's implicit location, whose phases are its
   * location's) from now on: its settings and content handler; the phases go on where they are.
   */
  void switchLocation(LocationRoute nested) {
    route = nested;
    settings = nested.config().settings();
  }

  /**
   * Called by an {@link AccessPhase} that returns {@link AccessPhase#SUSPENDED}: the request waits {@code nanos}
   * on the connection's timer (the event loop is not blocked), reading nothing more from the client meanwhile;
   * then the next phase runs.
   */
  public void suspendAccess(long nanos) {
    pauseReading();
    accessResumesAt = System.nanoTime() + Math.max(0, nanos);
    accessSuspended = true;
    armTimer(accessResumesAt);
  }

  /**
   * Called by an {@link AccessPhase} whose decision arrives later ({@code stage}, e.g. a Redis round trip): if it
   * is already complete, returns {@code resume}'s verdict at once; otherwise the request waits, reading nothing
   * more from the client and without blocking the event loop, and returns {@link AccessPhase#SUSPENDED}; when
   * {@code stage} completes, {@code resume} runs on the event loop and its verdict ({@link AccessPhase#NEXT}, a
   * status, or {@link AccessPhase#SUSPENDED} after it suspended again) is acted on. If the request ended
   * meanwhile, {@code abandoned} gets the result instead, to give back what it holds. A failed stage is a 500.
   */
  public <T> int awaitAccess(CompletionStage<T> stage, ToIntFunction<T> resume, Consumer<T> abandoned) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    if (future.isDone() && !future.isCompletedExceptionally()) {
      return resume.applyAsInt(future.join());
    }
    pauseReading();
    accessAwaiting = true;
    RequestContext waiting = request;
    future.whenComplete((value, error) -> {
      Runnable decided = () -> resumeAccess(waiting, value, error, resume, abandoned);
      try {
        if (ctx.executor().inEventLoop()) {
          decided.run();
        } else {
          ctx.executor().execute(decided);
        }
      } catch (RejectedExecutionException e) {
        if (value != null) {
          abandoned.accept(value);
        }
      }
    });
    return AccessPhase.SUSPENDED;
  }

  private <T> void resumeAccess(RequestContext waiting, T value, Throwable error, ToIntFunction<T> resume,
      Consumer<T> abandoned) {
    if (request != waiting || !accessAwaiting || state != State.IN_REQUEST) {
      if (value != null) {
        abandoned.accept(value);
      }
      return;
    }
    accessAwaiting = false;
    int verdict;
    if (error != null) {
      logError("access phase failed: " + error);
      verdict = 500;
    } else {
      verdict = resume.applyAsInt(value);
    }
    if (verdict == AccessPhase.SUSPENDED) {
      return;
    }
    if (verdict != AccessPhase.NEXT) {
      failRequest(verdict);
      return;
    }
    continueAccess();
  }

  /** Runs the phases after the one that suspended the request, then lets the content handler read what is held. */
  private void continueAccess() {
    runAccessPhases();
    if (state == State.IN_REQUEST && !accessSuspended && !accessAwaiting && !requestComplete && call != null
        && !HeaderNames.isUpgrade(request.request)) {
      // What arrived during the wait is held: let the call take it, as it would have been read meanwhile.
      readNext();
    }
  }

  /** The settings the current request runs with (its location's, else its server's). */
  public ProxySettings settings() {
    return settings;
  }

  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  /** Hands the current request to {@code proxyCall} (a {@link ContentHandler}'s answer) and starts it. */
  public void startCall(UpstreamCall proxyCall) {
    call = proxyCall;
    proxyCall.start();
    if (call == proxyCall && (bodyDropped || proxyCall.ownBody() != null)) {
      // The call sends its own body (or none): the client's is read and dropped; if an earlier call of this
      // request took the body, this one sends none either.
      HttpContent own = proxyCall.ownBody();
      proxyCall.onRequestContent(own == null || bodyDropped ? LastHttpContent.EMPTY_LAST_CONTENT : own);
    }
  }

  /** Sends {@code 100 Continue} if the client asked for it and it was not sent yet. */
  public void sendContinueIfExpected() {
    if (!continueSent && expectContinue && !requestComplete) {
      continueSent = true;
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
          ctx.voidPromise());
    }
  }

  /** The proxy call wants more request body. */
  public void readMoreBody() {
    if (state == State.IN_REQUEST && !requestComplete) {
      readNext();
    }
  }

  /** Whether the connection is to stay open after the current response (the client's and the gate's say). */
  public boolean keepAlive() {
    return keepAlive;
  }

  /**
   * Writes the head of a response whose body follows in parts ({@link #writeResponseContent}), e.g. a proxied
   * one: the status of an error page being served replaces its own, then the level's kept error headers,
   * {@code expires} and {@code add_header} apply. {@code keepAlive} is whether the connection stays open after it
   * (as the head says).
   */
  public void writeResponseHead(HttpResponse out, boolean keepAlive) {
    responseStarted = true;
    this.keepAlive = keepAlive;
    if (request.errStatus != 0 && request.errStatus != out.status().code()) {
      out.setStatus(HttpResponseStatus.valueOf(request.errStatus));
    }
    ErrorPages.addKeptHeaders(out, request);
    request.status = out.status().code();
    ExpiresFilter.apply(out.headers(), request.status, settings.files().expires(), request);
    AddHeaders.apply(out.headers(), request.status, settings.response().addHeaders(), request);
    ctx.write(out, ctx.voidPromise());
  }

  public void writeResponseContent(HttpContent content) {
    request.bodyBytesSent += content.content().readableBytes();
    if (content instanceof LastHttpContent) {
      ctx.writeAndFlush(content, ctx.voidPromise());
    } else {
      ctx.write(content, ctx.voidPromise());
    }
  }

  /**
   * The upstream answered {@code head} with a status that this location intercepts ({@code proxy_intercept_errors}
   * and an {@code error_page} for it): the call has let go of the upstream, and the request gets the error page.
   * A 401's {@code WWW-Authenticate} lines are kept for the answer, as nginx keeps them.
   */
  public void interceptUpstreamError(HttpResponse head) {
    int status = head.status().code();
    if (status == 401) {
      List<String> challenges = head.headers().getAll(ErrorPages.WWW_AUTHENTICATE);
      if (!challenges.isEmpty()) {
        request.keptHeaders = List.of(new ErrorPages.Kept(ErrorPages.WWW_AUTHENTICATE, challenges));
      }
    }
    failRequest(status);
  }

  /**
   * The upstream answered {@code head} with an {@code X-Accel-Redirect} ({@link AccelRedirect}): the call has let
   * go of the upstream; the answer stays the request's {@code $upstream_http_*}, its kept headers go on the final
   * response, and the request is internally redirected. An unsafe URI answers 404, as in nginx.
   */
  public void accelRedirect(HttpResponse head) {
    if (state != State.IN_REQUEST) {
      return;
    }
    call = null;
    accessSuspended = false;
    accessAwaiting = false;
    request.response = head;
    request.keptHeaders = AccelRedirect.kept(head.headers(), request.keptHeaders);
    String target = head.headers().get(AccelRedirect.HEADER);
    if (target.startsWith("@")) {
      internalRedirect(target);
      return;
    }
    java.util.Optional<AccelRedirect.Target> uri = AccelRedirect.parse(target);
    if (uri.isEmpty()) {
      logError("unsafe URI \"" + target + "\" was detected");
      failRequest(404);
      return;
    }
    if (failIfCycle(InternalRedirect.Cause.URI, target)) {
      return;
    }
    if (!request.request.method().equals(HttpMethod.HEAD)) {
      request.request.setMethod(HttpMethod.GET);
    }
    request.changeUri(uri.get().path(), uri.get().args());
    request.internal = true;
    enterLocation(requestRoutes.location(requestServer, request.path()));
  }

  /** The proxy call finished its response; {@code bodyFullyRead} says whether the request body was consumed. */
  public void responseFinished(boolean bodyFullyRead) {
    call = null;
    if (!bodyFullyRead) {
      keepAlive = false;
    }
    finishRequest();
  }

  /**
   * Answers the current request with {@code status} the way nginx answers its own errors and redirects
   * (ngx_http_special_response_handler): through the level's {@code error_page} for it if there is one
   * ({@link ErrorPages}: an internal redirect, or a redirect to a URL), else with the gate's page for the status.
   * Closes the connection instead if a response already started.
   */
  public void failRequest(int status) {
    specialResponse(status, null);
  }

  /**
   * {@link #failRequest} for a redirect status whose Location is {@code location} ({@code return 302 URL}), or for
   * an error when {@code location} is null.
   */
  public void specialResponse(int status, String location) {
    if (state != State.IN_REQUEST) {
      return;
    }
    call = null;
    accessSuspended = false;
    accessAwaiting = false;
    if (responseStarted) {
      abortConnection();
      return;
    }
    request.errStatus = status;
    if (settings != null && ErrorPages.redirect(this, request, settings.errors(), status)) {
      return;
    }
    writeSpecial(status, location);
  }

  /** Writes the gate's own page for {@code status} (with {@code location} if not null), without error pages. */
  void writeSpecial(int status, String location) {
    if (status >= 400 && status != 404) {
      keepAlive = keepAlive && (requestComplete || !bodyExpected) && status != 413;
    }
    FullHttpResponse page = Responses.errorPage(ctx.alloc(), status, Responses.server(settings));
    if (location != null) {
      page.headers().set(HeaderNames.LOCATION, location);
    }
    writeLocal(page);
  }

  /** Writes a response the gate made itself for the current request, then finishes or keeps reading its body. */
  public void writeLocal(FullHttpResponse response) {
    beginLocal(response, response.content().readableBytes());
    ctx.writeAndFlush(response, ctx.voidPromise());
    endLocal();
  }

  /**
   * Writes a response the gate sends from a file (static files): {@code head}, which carries its
   * Content-Length, then the {@code body} parts ({@link io.netty.channel.FileRegion}s sent without copying, or
   * buffers), then the end of the message; then finishes as {@link #writeLocal} does. The parts are released by
   * the write, also when the connection fails meanwhile.
   */
  public void writeFile(HttpResponse head, List<Object> body, long bodyLength) {
    beginLocal(head, bodyLength);
    ctx.write(head, ctx.voidPromise());
    for (int i = 0, n = body.size(); i < n; i++) {
      ctx.write(body.get(i), ctx.voidPromise());
    }
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
    endLocal();
  }

  private void beginLocal(HttpResponse response, long bodyLength) {
    responseStarted = true;
    if (settings != null) {
      gzipLocal(response);
    }
    if (!keepAlive) {
      response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (request.request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    if (request.errStatus != 0 && request.errStatus != response.status().code()) {
      // After an error page: the answer keeps the error's status unless the page said otherwise (nginx).
      response.setStatus(HttpResponseStatus.valueOf(request.errStatus));
    }
    ErrorPages.addKeptHeaders(response, request);
    request.status = response.status().code();
    if (settings != null) {
      Redirects.absoluteLocal(response.headers(), settings.redirects(), request);
      ExpiresFilter.apply(response.headers(), request.status, settings.files().expires(), request);
      AddHeaders.apply(response.headers(), request.status, settings.response().addHeaders(), request);
    }
    request.bodyBytesSent = bodyLength;
  }

  /**
   * The gzip filter for a response the gate makes: a compressed body has no length, so it is chunked for an
   * HTTP/1.1 client and ends with the connection for an HTTP/1.0 one (nginx's framing); a HEAD answer only gets
   * the headers.
   */
  private void gzipLocal(HttpResponse response) {
    int status = request.errStatus != 0 ? request.errStatus : response.status().code();
    if (!GzipPolicy.apply(settings.gzip(), request.request, status, response.headers())) {
      return;
    }
    if (request.request.method().equals(HttpMethod.HEAD)) {
      return;
    }
    if (request.request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
      response.headers().set(HeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else {
      keepAlive = false;
    }
    gzipFilter().compressNext(settings.gzip().level());
  }

  /**
   * gzip for a response whose body follows in parts (a proxied one): applies the level's gzip settings to
   * {@code head} (the upstream's, before it becomes the client's) and, when they compress it and a body follows
   * ({@code bodyless} false), compresses that body.
   */
  public void gzipStreamed(HttpResponse head, boolean bodyless) {
    int status = request.errStatus != 0 ? request.errStatus : head.status().code();
    if (GzipPolicy.apply(settings.gzip(), request.request, status, head.headers()) && !bodyless) {
      gzipFilter().compressNext(settings.gzip().level());
    }
  }

  private GzipFilter gzipFilter() {
    if (gzip == null) {
      gzip = new GzipFilter();
      ctx.pipeline().addBefore(ctx.name(), "gzip", gzip);
    }
    return gzip;
  }

  private void endLocal() {
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

  /** The request in progress is over for {@code stub_status}'s Writing count. */
  private void stopWriting() {
    if (countedWriting) {
      countedWriting = false;
      gate.stubStatus.writing.decrementAndGet();
    }
  }

  /** {@code stub_status}'s text for this gate. */
  String stubStatusText() {
    return gate.stubStatus.render(gate.openConnections.get());
  }

  private void logAccess() {
    stopWriting();
    gate.requestFinished(request, settings);
    endAccess();
  }

  /** Lets the current request's access phases release what they hold for it; once per request. */
  private void endAccess() {
    List<AccessPhase> left = leftPhases;
    if (left != null) {
      leftPhases = null;
      for (int i = 0, n = left.size(); i < n; i++) {
        left.get(i).finish(request);
      }
    }
    LocationRoute r = route;
    if (r == null) {
      return;
    }
    route = null;
    accessSuspended = false;
    accessAwaiting = false;
    int reached = Math.min(nextPhase, r.phases());
    for (int i = 0; i < reached; i++) {
      r.phase(i).finish(request);
    }
  }

  /**
   * Writes the 101 and ends this connection's HTTP life: {@code install} then turns it into a byte tunnel
   * (replacing this handler in the pipeline).
   */
  public void switchToTunnel(HttpResponse switching, Runnable install) {
    request.status = switching.status().code();
    ctx.writeAndFlush(switching, ctx.voidPromise());
    logAccess();
    call = null;
    state = State.CLOSING;
    timer.cancel();
    pipelined.releaseAll();
    // The tunnel outlives this handler; the connection stays counted until it closes.
    if (counted) {
      counted = false;
      ctx.channel().closeFuture().addListener(f -> gate.openConnections.decrementAndGet());
    }
    install.run();
  }

  /** Closes the client connection at once (an upstream failed mid-response). */
  public void abortConnection() {
    logAccess();
    state = State.CLOSING;
    ctx.flush();
    ctx.close();
  }

  /** Closes after the response is flushed, with nginx's lingering close ({@link ConnectionClose}). */
  private void closeAfterFlush() {
    state = State.CLOSING;
    ConnectionClose.afterFlush(ctx);
  }

  /** Logs {@code message} about the current request at {@code level}, with nginx's client and request suffix. */
  public void log(String level, String message) {
    RequestLog.error(gate, settings, level, RequestLog.error(message, request));
  }

  /** Logs {@code message} at {@code level} without the request's tail (nginx's lines on the cycle's log). */
  public void logPlain(String level, String message) {
    RequestLog.error(gate, settings, level, message);
  }

  public void logError(String message) {
    RequestLog.error(gate, settings, "error", RequestLog.error(message, request));
  }

  /** {@link #logError} for a line about the upstream {@code upstreamUrl} (nginx's {@code upstream: "…"} part). */
  public void logUpstreamError(String message, String upstreamUrl) {
    RequestLog.error(gate, settings, "error", RequestLog.error(message, request, upstreamUrl));
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
    armTimer(deadlines.idle(millis));
  }

  /** Makes the connection's single timer fire no later than {@code deadline} (a {@link System#nanoTime()} value). */
  public void armTimer(long deadline) {
    timer.arm(deadline);
  }

  private void onTimer() {
    if (state == State.CLOSING) {
      return;
    }
    long now = System.nanoTime();
    ProxySettings inRequest = state == State.IN_REQUEST ? settings : null;
    switch (deadlines.check(now, state == State.AWAITING_REQUEST, inRequest, readingBody())) {
      case IDLE -> {
        state = State.CLOSING;
        ctx.close();
        return;
      }
      case BODY -> {
        // As nginx (ngx_http_finalize_request with 408 terminates the request): no answer, the connection is
        // closed, and the access log says 408 unless a response had started.
        RequestLog.error(gate, settings, "info", RequestLog.error("client timed out while reading client request body",
            request));
        if (call != null) {
          call.abortTry();
          call = null;
        }
        if (!responseStarted) {
          request.status = 408;
        }
        abortConnection();
        return;
      }
      case SEND -> {
        RequestLog.error(gate, settings, "info", RequestLog.error("client timed out while sending response to client",
            request));
        if (call != null) {
          call.abortTry();
          call = null;
        }
        abortConnection();
        return;
      }
      case NONE -> { }
    }
    if (accessSuspended && now - accessResumesAt >= 0) {
      accessSuspended = false;
      continueAccess();
      if (state == State.CLOSING) {
        return;
      }
    }
    long next = deadlines.next();
    if (accessSuspended) {
      next = ConnectionTimer.earlier(next, accessResumesAt);
    }
    if (call != null) {
      next = ConnectionTimer.earlier(next, call.checkTimeouts(now));
    }
    if (next != Long.MAX_VALUE && state != State.CLOSING) {
      armTimer(next);
    }
  }

  /** Whether the request body is being read and only the client can be waited for (not our back-pressure). */
  private boolean readingBody() {
    return !requestComplete && ctx.channel().config().isAutoRead();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      deadlines.writable();
      if (call != null) {
        call.onClientWritable();
      }
    } else if (state == State.IN_REQUEST && settings != null) {
      // send_timeout: the client must take some of the response within this time.
      armTimer(deadlines.unwritable(System.nanoTime(), settings.clientSendTimeout().toNanos()));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == DRAIN) {
      drain();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stopWriting();
    if (counted) {
      counted = false;
      gate.openConnections.decrementAndGet();
    }
    deadlines.busy();
    timer.cancel();
    boolean unlogged = state == State.IN_REQUEST && request != null;
    state = State.CLOSING;
    if (call != null) {
      call.abortTry();
      call = null;
    }
    if (unlogged) {
      // The client went away mid-request: nginx logs it, as 499 when no answer had started.
      if (!responseStarted) {
        request.status = 499;
      }
      gate.requestFinished(request, settings);
    }
    endAccess();
    pipelined.releaseAll();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    RequestLog.error(gate, settings, "info", "client connection error: " + cause.getMessage());
    if (call != null) {
      call.abortTry();
      call = null;
    }
    state = State.CLOSING;
    ctx.close();
  }
}
