package dev.corral.gate.proxy;

import dev.corral.gate.config.Template;
import dev.corral.gate.limit.RateLimitFields;
import dev.corral.limit.Permit;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What is known about one request, for nginx variables in {@code proxy_set_header}, {@code hash} keys and the
 * access log. Filled in by the frontend and the proxy call as the request progresses. Confined to the client
 * connection's event loop.
 */
final class RequestContext implements Template.Resolver {
  private static final DateTimeFormatter TIME_LOCAL =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  final HttpRequest request;
  final InetSocketAddress remote;
  final InetSocketAddress local;
  final long startNanos;
  final long startMillis;
  final long connectionId;
  final int connectionRequests;
  /** The name used as {@code $proxy_host} (the upstream's name, or {@code host:port}). */
  String proxyHost = "";
  String serverName = "";
  int status;
  long bodyBytesSent;
  long bytesSent;
  long requestLength;
  /** Every peer tried, as nginx's comma-separated {@code $upstream_addr}. */
  String upstreamAddr = "";
  String upstreamStatus = "";
  long upstreamHeaderNanos = -1;
  HttpResponse response;
  /** {@code $limit_req_status}: PASSED, DELAYED, REJECTED, DELAYED_DRY_RUN, REJECTED_DRY_RUN; empty if none applied. */
  String limitReqStatus = "";
  /** {@code $limit_conn_status}: PASSED, REJECTED, REJECTED_DRY_RUN; empty if none applied. */
  String limitConnStatus = "";
  /** The {@code limit_conn} slots this request holds, by line; null when it holds none. */
  Permit[] limitConnPermits;
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
  int uriChanges;
  /**
   * Whether the request was internally redirected (nginx's {@code r->internal}): it may enter
   * {@code internal} locations, and {@code error_page} was already applied once if {@link #errorPage} is set.
   */
  boolean internal;
  /** Whether an {@code error_page} redirected this request (without recursive_error_pages, no second one). */
  boolean errorPage;
  /** The slots this request holds in Redis-backed {@code limit_conn} zones, by line; null when it holds none. */
  Permit[] redisConnPermits;
  /** The RateLimit header fields for the response ({@code limit_req_headers on}); null when none. */
  RateLimitFields rateLimitFields;
  /**
   * {@link #uriChanges} when the limit_req (and limit_conn) phases of the current location pass started: a
   * request limited in one pass is not limited again after an internal redirect, as in nginx.
   */
  int limitReqPass = -1;
  int limitConnPass = -1;
  /**
   * nginx's {@code r->err_status}: once the gate answers an error (or an error page redirects), the status the
   * answer gets whatever the page's target answers; 0 when none (or {@code error_page … = …}).
   */
  int errStatus;
  /** Headers of an intercepted upstream answer that the error page's answer keeps (a 401's challenges). */
  List<ErrorPages.Kept> keptHeaders = List.of();
  private String host;

  RequestContext(HttpRequest request, InetSocketAddress remote, InetSocketAddress local, long startNanos,
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

  /**
   * Sets {@code $uri} to {@code path} and {@code $args} to {@code query} (without {@code ?}; empty for none), as
   * a rewrite or an internal redirect does; the location is looked up again only by
   * {@link FrontendHandler#internalRedirect} or {@link FrontendHandler#relocate}.
   */
  void changeUri(String path, String query) {
    uri = path;
    args = query;
    uriChanged = true;
  }

  /**
   * The target sent upstream by a {@code proxy_pass} without URI part: the client's request target, or
   * {@code $uri?$args} once the URI was changed.
   */
  String upstreamTarget() {
    if (!uriChanged) {
      return request.uri();
    }
    return args.isEmpty() ? uri : uri + "?" + args;
  }

  String remoteAddr() {
    return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
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
  String path() {
    return uri;
  }

  /** {@code $args}: the current query, without {@code ?}. */
  String query() {
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
  public String resolve(String variable) {
    return switch (variable) {
      case "remote_addr" -> remoteAddr();
      case "binary_remote_addr" -> binaryRemoteAddr();
      case "limit_req_status" -> limitReqStatus;
      case "limit_conn_status" -> limitConnStatus;
      case "remote_port" -> Integer.toString(remote.getPort());
      case "remote_user" -> "-";
      case "host" -> host();
      case "request_uri" -> request.uri();
      case "uri", "document_uri" -> path();
      case "args", "query_string" -> query();
      case "is_args" -> query().isEmpty() ? "" : "?";
      case "request_method" -> request.method().name();
      case "scheme" -> "http";
      case "server_name" -> serverName;
      case "server_port" -> Integer.toString(local.getPort());
      case "server_addr" -> local.getAddress() == null ? "" : local.getAddress().getHostAddress();
      case "server_protocol" -> request.protocolVersion().text();
      case "request" -> AbsoluteFormRequest.requestLine(request);
      case "status" -> String.format(Locale.ROOT, "%03d", status);
      case "body_bytes_sent" -> Long.toString(bodyBytesSent);
      case "bytes_sent" -> Long.toString(bytesSent);
      case "request_length" -> Long.toString(requestLength);
      case "request_time" -> seconds(System.nanoTime() - startNanos);
      case "msec" -> String.format(Locale.ROOT, "%d.%03d", startMillis / 1000, startMillis % 1000);
      case "time_local" -> TIME_LOCAL.format(ZonedDateTime.now());
      case "time_iso8601" -> ZonedDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case "content_length" -> orEmpty(request.headers().get(HttpHeaderNames.CONTENT_LENGTH));
      case "content_type" -> orEmpty(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
      case "upstream_addr" -> upstreamAddr;
      case "upstream_status" -> upstreamStatus;
      case "upstream_response_time", "upstream_header_time", "upstream_connect_time" ->
          upstreamHeaderNanos < 0 ? "-" : seconds(upstreamHeaderNanos);
      case "proxy_host" -> proxyHost;
      case "proxy_port" -> proxyHost.contains(":") ? proxyHost.substring(proxyHost.lastIndexOf(':') + 1) : "80";
      case "proxy_add_x_forwarded_for" -> {
        List<String> incoming = request.headers().getAll("X-Forwarded-For");
        yield incoming.isEmpty() ? remoteAddr() : String.join(", ", incoming) + ", " + remoteAddr();
      }
      case "connection" -> Long.toString(connectionId);
      case "connection_requests" -> Integer.toString(connectionRequests);
      case "pid" -> Long.toString(ProcessHandle.current().pid());
      case "hostname" -> orEmpty(System.getenv("HOSTNAME"));
      default -> prefixed(variable);
    };
  }

  private String prefixed(String variable) {
    if (variable.startsWith("http_")) {
      return headerValue(request.headers().getAll(headerName(variable.substring(5))), variable.substring(5));
    }
    if (variable.startsWith("sent_http_") || variable.startsWith("upstream_http_")) {
      String name = headerName(variable.substring(variable.indexOf("http_") + 5));
      return response == null ? "" : orEmpty(response.headers().get(name));
    }
    if (variable.startsWith("arg_")) {
      List<String> values = new QueryStringDecoder(args, false).parameters().get(variable.substring(4));
      return values == null || values.isEmpty() ? "" : values.get(0);
    }
    if (variable.startsWith("cookie_")) {
      String wanted = variable.substring(7);
      for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
        for (String pair : header.split(";")) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).trim().equals(wanted)) {
            return pair.substring(eq + 1).trim();
          }
        }
      }
    }
    return "";
  }

  private static String headerValue(List<String> values, String name) {
    if (values.isEmpty()) {
      return "";
    }
    // nginx joins repeated Cookie headers with "; " and others with ", ".
    return String.join(name.equals("cookie") ? "; " : ", ", values);
  }

  private static String headerName(String variablePart) {
    return variablePart.replace('_', '-');
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  static String seconds(long nanos) {
    long millis = nanos / 1_000_000;
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }
}
