package dev.corral.gate.http;

import dev.corral.gate.config.CaptureRegex;
import dev.corral.gate.config.CaptureSink;
import dev.corral.gate.config.Template;
import dev.corral.gate.log.LogClock;
import dev.corral.gate.config.UserVariable;
import dev.corral.gate.config.Variable;
import dev.corral.limit.Permit;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * What is known about one request, for nginx variables in {@code proxy_set_header}, {@code hash} keys and the
 * access log. Filled in by the frontend and the proxy call as the request progresses. Confined to the client
 * connection's event loop.
 */
public final class RequestContext implements Template.Resolver, CaptureSink {
  private static final String HOSTNAME = hostname();
  public final HttpRequest request;
  /** The client's address: the connection's, or the one {@link RealIp} found in a trusted proxy's header. */
  public InetSocketAddress remote;
  /** {@code $remote_addr} of {@link #remote}, made when first read; null until then and after a replacement. */
  private String remoteAddr;
  /** {@code $realip_remote_addr}: the connection's address, once {@link RealIp} replaced {@link #remote}. */
  InetSocketAddress connectionRemote;
  final InetSocketAddress local;
  public final long startNanos;
  final long startMillis;
  final long connectionId;
  final int connectionRequests;
  /** The name used as {@code $proxy_host} (the upstream's name, or {@code host:port}). */
  public String proxyHost = "";
  String serverName = "";
  int status;
  long bodyBytesSent;
  long bytesSent;
  public long requestLength;
  /** Every peer tried, as nginx's comma-separated {@code $upstream_addr}. */
  public String upstreamAddr = "";
  public String upstreamStatus = "";
  public long upstreamHeaderNanos = -1;
  public HttpResponse response;
  /** {@code $limit_req_status}: PASSED, DELAYED, REJECTED, DELAYED_DRY_RUN, REJECTED_DRY_RUN; empty if none applied. */
  public String limitReqStatus = "";
  /** {@code $limit_conn_status}: PASSED, REJECTED, REJECTED_DRY_RUN; empty if none applied. */
  public String limitConnStatus = "";
  /** The {@code limit_conn} slots this request holds, by line; null when it holds none. */
  public Permit[] limitConnPermits;
  /**
   * {@code $uri}: the current URI's path, as the client sent it until a rewrite or an internal redirect changes it
   * ({@link #changeUri}); {@code $request_uri} stays the client's.
   */
  private String uri;
  /** {@code $args}: the current query, without its {@code ?}. */
  private String args;
  /** Whether {@link #changeUri} was called: the upstream then gets {@code uri?args}, not the client's target. */
  private boolean uriChanged;
  /** Internal redirects and URI-changing rewrites so far ({@link InternalRedirect#MAX_CHANGES} at most). */
  public int uriChanges;
  /**
   * Whether the request was internally redirected (nginx's {@code r->internal}): it may enter
   * {@code internal} locations, and {@code error_page} was already applied once if {@link #errorPage} is set.
   */
  boolean internal;
  /** Whether an {@code error_page} redirected this request (without recursive_error_pages, no second one). */
  boolean errorPage;
  /** The slots this request holds in Redis-backed {@code limit_conn} zones, by line; null when it holds none. */
  public Permit[] redisConnPermits;
  /** The RateLimit header fields for the response ({@code limit_req_headers on}); null when none. */
  public RateLimitFields rateLimitFields;
  /**
   * {@link #uriChanges} when the limit_req (and limit_conn) phases of the current location pass started: a
   * request limited in one pass is not limited again after an internal redirect, as in nginx.
   */
  public int limitReqPass = -1;
  public int limitConnPass = -1;
  /**
   * nginx's {@code r->err_status}: once the gate answers an error (or an error page redirects), the status the
   * answer gets whatever the page's target answers; 0 when none (or {@code error_page … = …}).
   */
  int errStatus;
  /** Headers of an intercepted upstream answer that the error page's answer keeps (a 401's challenges). */
  List<ErrorPages.Kept> keptHeaders = List.of();
  private String host;
  /**
   * Set when a rewrite changed {@code $uri} in the rewrite phase: the location is looked up again at its end unless
   * a {@code break} cleared it (nginx's uri_changed).
   */
  boolean findLocationAgain;
  /**
   * Cleared by a rewrite that changed the URI and stayed in its location ({@code break}): {@code proxy_pass} then
   * sends the changed URI whole instead of replacing the location's part (nginx's valid_location).
   */
  public boolean locationValid = true;
  /** The groups of the last regular expression that matched ({@code $0..$9}); null before any. */
  private String[] captures;
  /** The values of {@code set}, {@code map} and named-capture variables for this request. */
  final RequestVariables variables = new RequestVariables();
  /** The answer of a {@code return} or redirect of the rewrite phase: its status and text. */
  int returnStatus;
  java.util.Optional<String> returnText = java.util.Optional.empty();
  /** {@code $upstream_connect_time}, {@code $upstream_header_time}, {@code $upstream_response_time}. */
  public final UpstreamTimes upstreamTimes = new UpstreamTimes();
  public long upstreamResponseLength = -1;
  public long upstreamBytesReceived = -1;
  public long upstreamBytesSent = -1;
  private String requestId;
  /** The connection's TLS, for {@code $https}, {@code $scheme} and {@code $ssl_*}. */
  dev.corral.gate.tls.TlsSession tls = dev.corral.gate.tls.TlsSession.NONE;
  /** The running gate's connection counts, for {@code $connections_*}; null outside a gate (all read 0). */
  GateContext gate;

  public RequestContext(HttpRequest request, InetSocketAddress remote, InetSocketAddress local, long startNanos,
      long startMillis, long connectionId, int connectionRequests) {
    this.request = request;
    this.remote = remote;
    this.local = local;
    this.startNanos = startNanos;
    this.startMillis = startMillis;
    this.connectionId = connectionId;
    this.connectionRequests = connectionRequests;
    String target = request.uri();
    int q = target.indexOf('?');
    this.uri = q < 0 ? target : target.substring(0, q);
    this.args = q < 0 ? "" : target.substring(q + 1);
  }

  /** The response's status ({@code $status}); 0 before one is known. */
  public int status() {
    return status;
  }

  /** The bytes of response body sent to the client ({@code $body_bytes_sent}). */
  public long bodyBytesSent() {
    return bodyBytesSent;
  }

  /** The name of the server block that served the request ({@code $server_name}); empty before routing. */
  public String serverName() {
    return serverName;
  }

  /**
   * Sets {@code $uri} to {@code path} and {@code $args} to {@code query} (without {@code ?}; empty for none), as
   * a rewrite or an internal redirect does; the location is looked up again only by
   * {@link FrontendHandler#internalRedirect} or {@link FrontendHandler#relocate}.
   */
  public void changeUri(String path, String query) {
    uri = path;
    args = query;
    uriChanged = true;
  }

  /** {@code set $args …}: a new {@code $args}; the URI stays as it is. */
  void changeArgs(String query) {
    args = query;
  }

  /**
   * {@code merge_slashes on}: runs of {@code /} in {@code $uri} become one (the upstream still gets the client's
   * target when {@code proxy_pass} has no URI part, as nginx sends its unparsed URI).
   */
  void mergeSlashes() {
    if (uri.indexOf("//") < 0) {
      return;
    }
    StringBuilder merged = new StringBuilder(uri.length());
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c != '/' || merged.isEmpty() || merged.charAt(merged.length() - 1) != '/') {
        merged.append(c);
      }
    }
    uri = merged.toString();
  }

  /**
   * The target sent upstream by a {@code proxy_pass} without URI part: the client's request target, or
   * {@code $uri?$args} once the URI was changed.
   */
  public String upstreamTarget() {
    if (!uriChanged) {
      return request.uri();
    }
    return args.isEmpty() ? uri : uri + "?" + args;
  }

  /** {@link RealIp} found the client's address in a trusted proxy's header. */
  void replaceRemote(InetSocketAddress found) {
    remote = found;
    remoteAddr = null;
  }

  String remoteAddr() {
    String addr = remoteAddr;
    if (addr == null) {
      addr = remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
      remoteAddr = addr;
    }
    return addr;
  }

  /** {@code $binary_remote_addr}: the address's 4 (IPv4) or 16 (IPv6) bytes, one char each, as nginx's key. */
  String binaryRemoteAddr() {
    return remote.getAddress() == null ? remote.getHostString()
        : new String(remote.getAddress().getAddress(), StandardCharsets.ISO_8859_1);
  }

  /** {@code $host}: the Host header without its port, lower-cased, else the server name. */
  String host() {
    // Cached: the header map is later edited in place for the upstream request.
    if (host == null) {
      host = parseHost();
    }
    return host;
  }

  private String parseHost() {
    String host = request.headers().get(HttpHeaderNames.HOST);
    if (host == null || host.isEmpty()) {
      return serverName;
    }
    int colon = host.startsWith("[") ? host.indexOf(']') + 1 : host.lastIndexOf(':');
    String name = colon > 0 && colon < host.length() && host.charAt(colon) == ':' ? host.substring(0, colon) : host;
    return name.toLowerCase(Locale.ROOT);
  }

  /** {@code $uri}: the current URI without its query. */
  public String path() {
    return uri;
  }

  /** {@code $args}: the current query, without {@code ?}. */
  public String query() {
    return args;
  }

  /** This context as a resolver that gives {@code -} for an empty value, as nginx's access log does. */
  Template.Resolver dashForEmpty() {
    return v -> {
      String value = resolve(v);
      return value.isEmpty() ? "-" : value;
    };
  }

  @Override
  public String resolve(Variable variable) {
    return switch (variable.kind()) {
      case REMOTE_ADDR -> remoteAddr();
      case BINARY_REMOTE_ADDR -> binaryRemoteAddr();
      case LIMIT_REQ_STATUS -> limitReqStatus;
      case LIMIT_CONN_STATUS -> limitConnStatus;
      case REMOTE_PORT -> remote.getPort() == 0 ? "" : Integer.toString(remote.getPort());
      case REALIP_REMOTE_ADDR -> connectionRemote == null ? remoteAddr()
          : connectionRemote.getAddress().getHostAddress();
      case REALIP_REMOTE_PORT -> Integer.toString((connectionRemote == null ? remote : connectionRemote).getPort());
      case REMOTE_USER -> "";
      case HOST -> host();
      case REQUEST_URI -> request.uri();
      case URI, DOCUMENT_URI -> path();
      case ARGS, QUERY_STRING -> query();
      case IS_ARGS -> query().isEmpty() ? "" : "?";
      case REQUEST_METHOD -> request.method().name();
      case SCHEME -> tls.active() ? "https" : "http";
      case HTTPS -> tls.https();
      case SSL_PROTOCOL -> tls.protocol();
      case SSL_CIPHER -> tls.cipher();
      case SSL_SERVER_NAME -> tls.serverName();
      case SSL_SESSION_REUSED -> tls.sessionReused();
      case SERVER_NAME -> serverName;
      case SERVER_PORT -> Integer.toString(local.getPort());
      case SERVER_ADDR -> local.getAddress() == null ? "" : local.getAddress().getHostAddress();
      case SERVER_PROTOCOL -> Http2Request.protocol(request);
      case REQUEST -> AbsoluteFormRequest.requestLine(request);
      case STATUS -> status >= 100 ? Integer.toString(status) : String.format(Locale.ROOT, "%03d", status);
      case BODY_BYTES_SENT -> Long.toString(bodyBytesSent);
      case BYTES_SENT -> Long.toString(bytesSent);
      case REQUEST_LENGTH -> Long.toString(requestLength);
      case REQUEST_TIME -> seconds(System.nanoTime() - startNanos);
      case MSEC -> appendSeconds(new StringBuilder(14), startMillis * 1_000_000).toString();
      case TIME_LOCAL -> LogClock.SYSTEM.local();
      case TIME_ISO8601 -> LogClock.SYSTEM.iso8601();
      case CONTENT_LENGTH -> orEmpty(request.headers().get(HttpHeaderNames.CONTENT_LENGTH));
      case CONTENT_TYPE -> orEmpty(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
      case UPSTREAM_ADDR -> upstreamAddr;
      case UPSTREAM_STATUS -> upstreamStatus;
      case UPSTREAM_CONNECT_TIME -> upstreamTimes.connectTime();
      case UPSTREAM_HEADER_TIME -> upstreamTimes.headerTime();
      case UPSTREAM_RESPONSE_TIME -> upstreamTimes.responseTime();
      case UPSTREAM_RESPONSE_LENGTH -> upstreamResponseLength < 0 ? "" : Long.toString(upstreamResponseLength);
      case UPSTREAM_BYTES_RECEIVED -> upstreamBytesReceived < 0 ? "" : Long.toString(upstreamBytesReceived);
      case UPSTREAM_BYTES_SENT -> upstreamBytesSent < 0 ? "" : Long.toString(upstreamBytesSent);
      case PROXY_HOST -> proxyHost;
      case PROXY_PORT -> proxyHost.contains(":") ? proxyHost.substring(proxyHost.lastIndexOf(':') + 1) : "80";
      case PROXY_ADD_X_FORWARDED_FOR -> {
        List<String> incoming = request.headers().getAll("X-Forwarded-For");
        yield incoming.isEmpty() ? remoteAddr() : String.join(", ", incoming) + ", " + remoteAddr();
      }
      case CONNECTION -> Long.toString(connectionId);
      case CONNECTION_REQUESTS -> Integer.toString(connectionRequests);
      case CONNECTIONS_ACTIVE, CONNECTIONS_READING, CONNECTIONS_WRITING, CONNECTIONS_WAITING ->
          connectionCount(variable.kind());
      case PID -> Long.toString(ProcessHandle.current().pid());
      case HOSTNAME -> HOSTNAME;
      case REQUEST_ID -> requestId();
      case DOCUMENT_ROOT, REALPATH_ROOT -> "";
      case HTTP -> headerValue(request.headers().getAll(variable.arg()), variable.arg());
      case SENT_HTTP, UPSTREAM_HTTP -> response == null ? "" : orEmpty(response.headers().get(variable.arg()));
      case COOKIE -> cookie(variable.arg());
      case ARG -> QueryArgs.value(query(), variable.arg());
      case CAPTURE -> capture(variable.capture());
      case USER -> variables.value(variable.user(), this);
    };
  }

  /**
   * One of {@code $connections_active|reading|writing|waiting}, the numbers {@code stub_status} shows now: reading
   * is always 0 (a connection is seen once its request head is complete), waiting is active less writing.
   */
  private String connectionCount(Variable.Kind kind) {
    if (gate == null) {
      return "0";
    }
    int active = gate.openConnections.get();
    int writing = gate.stubStatus.writing.get();
    return Integer.toString(switch (kind) {
      case CONNECTIONS_ACTIVE -> active;
      case CONNECTIONS_WRITING -> writing;
      case CONNECTIONS_WAITING -> Math.max(0, active - writing);
      default -> 0;
    });
  }

  /** {@code $request_id}: 16 random bytes in hex, made when first read and kept for the request, as nginx. */
  String requestId() {
    if (requestId == null) {
      java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
      requestId = String.format(Locale.ROOT, "%016x%016x", random.nextLong(), random.nextLong());
    }
    return requestId;
  }

  private String cookie(String wanted) {
    for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
      int start = 0;
      while (start < header.length()) {
        int end = header.indexOf(';', start);
        if (end < 0) {
          end = header.length();
        }
        int eq = header.indexOf('=', start);
        if (eq > start && eq < end && header.substring(start, eq).trim().equalsIgnoreCase(wanted)) {
          return header.substring(eq + 1, end).trim();
        }
        start = end + 1;
      }
    }
    return "";
  }

  /** {@code $N}: group N of the last regular expression that matched, empty if it had none. */
  private String capture(int n) {
    return captures == null || n >= captures.length || captures[n] == null ? "" : captures[n];
  }

  @Override
  public void captured(CaptureRegex regex, Matcher matcher) {
    int groups = matcher.groupCount();
    String[] values = new String[groups + 1];
    for (int i = 0; i <= groups; i++) {
      values[i] = matcher.group(i);
    }
    captures = values;
    UserVariable[] named = regex.named();
    if (named != null) {
      for (int i = 1; i < named.length && i <= groups; i++) {
        if (named[i] != null) {
          variables.set(named[i], values[i] == null ? "" : values[i]);
        }
      }
    }
  }

  private static String headerValue(List<String> values, String name) {
    if (values.isEmpty()) {
      return "";
    }
    // nginx joins repeated Cookie headers with "; " and others with ", ".
    return String.join(name.equals("cookie") ? "; " : ", ", values);
  }

  private static String hostname() {
    // As gethostname(2): the kernel's name, without a DNS look-up.
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (java.io.IOException | RuntimeException e) {
      return orEmpty(System.getenv("HOSTNAME"));
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  static String seconds(long nanos) {
    return appendSeconds(new StringBuilder(8), nanos).toString();
  }

  /** Appends {@code nanos} as nginx writes a duration: seconds with three decimals ({@code 0.042}). */
  static StringBuilder appendSeconds(StringBuilder text, long nanos) {
    long millis = nanos / 1_000_000;
    long fraction = millis % 1000;
    text.append(millis / 1000).append('.');
    if (fraction < 100) {
      text.append(fraction < 10 ? "00" : "0");
    }
    return text.append(fraction);
  }
}
