package dev.corral.gate.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One variable reference of a {@link Template}, compiled once when the configuration is loaded: what it reads
 * ({@link #kind()}), the header, cookie or argument name of a prefixed family already cut out ({@link #arg()}), the
 * capture number of {@code $1..$9}, or the {@link UserVariable} of a {@code set}/{@code map}/named-capture variable.
 * A request's value is then one {@code switch} on the kind, never a look-up by name. Immutable and thread-safe.
 */
public final class Variable {
  /** What a variable reads. The built-in ones carry nginx's name. */
  public enum Kind {
    REMOTE_ADDR("remote_addr"), BINARY_REMOTE_ADDR("binary_remote_addr"), REMOTE_PORT("remote_port"),
    REMOTE_USER("remote_user"), HOST("host"), HOSTNAME("hostname"), REQUEST_URI("request_uri"), URI("uri"),
    DOCUMENT_URI("document_uri"), ARGS("args"), QUERY_STRING("query_string"), IS_ARGS("is_args"),
    REQUEST_METHOD("request_method"), SCHEME("scheme"), HTTPS("https"), SERVER_NAME("server_name"),
    SERVER_PORT("server_port"), SERVER_ADDR("server_addr"), SERVER_PROTOCOL("server_protocol"),
    REQUEST("request"), STATUS("status"), BODY_BYTES_SENT("body_bytes_sent"), BYTES_SENT("bytes_sent"),
    REQUEST_LENGTH("request_length"), REQUEST_TIME("request_time"), MSEC("msec"), TIME_LOCAL("time_local"),
    TIME_ISO8601("time_iso8601"), CONTENT_LENGTH("content_length"), CONTENT_TYPE("content_type"),
    UPSTREAM_ADDR("upstream_addr"), UPSTREAM_STATUS("upstream_status"),
    UPSTREAM_RESPONSE_TIME("upstream_response_time"), UPSTREAM_HEADER_TIME("upstream_header_time"),
    UPSTREAM_CONNECT_TIME("upstream_connect_time"), UPSTREAM_RESPONSE_LENGTH("upstream_response_length"),
    UPSTREAM_BYTES_RECEIVED("upstream_bytes_received"), UPSTREAM_BYTES_SENT("upstream_bytes_sent"),
    PROXY_HOST("proxy_host"), PROXY_PORT("proxy_port"), PROXY_ADD_X_FORWARDED_FOR("proxy_add_x_forwarded_for"),
    CONNECTION("connection"), CONNECTION_REQUESTS("connection_requests"), PID("pid"), REQUEST_ID("request_id"),
    LIMIT_REQ_STATUS("limit_req_status"), LIMIT_CONN_STATUS("limit_conn_status"),
    DOCUMENT_ROOT("document_root"), REALPATH_ROOT("realpath_root"),
    REALIP_REMOTE_ADDR("realip_remote_addr"), REALIP_REMOTE_PORT("realip_remote_port"),
    SSL_PROTOCOL("ssl_protocol"), SSL_CIPHER("ssl_cipher"), SSL_SERVER_NAME("ssl_server_name"),
    SSL_SESSION_REUSED("ssl_session_reused"),
    /** {@code $connections_active} and the other three: nginx's stub_status counts, as the status page shows them. */
    CONNECTIONS_ACTIVE("connections_active"), CONNECTIONS_READING("connections_reading"),
    CONNECTIONS_WRITING("connections_writing"), CONNECTIONS_WAITING("connections_waiting"),
    /** {@code $http_NAME}: the request header, underscores read as dashes. */
    HTTP(null),
    /** {@code $sent_http_NAME}: the response header sent to the client. */
    SENT_HTTP(null),
    /** {@code $upstream_http_NAME}: the upstream's response header. */
    UPSTREAM_HTTP(null),
    /** {@code $cookie_NAME}. */
    COOKIE(null),
    /** {@code $arg_NAME}: the query argument of the current {@code $args}. */
    ARG(null),
    /** {@code $1..$9}: a group of the last matched regular expression. */
    CAPTURE(null),
    /** A variable of {@code set}, {@code map} or a named capture. */
    USER(null);

    private final String nginxName;

    Kind(String nginxName) {
      this.nginxName = nginxName;
    }
  }

  private static final Map<String, Kind> BUILT_IN = new HashMap<>();
  private static final Map<String, Kind> PREFIXES = Map.of("http_", Kind.HTTP, "sent_http_", Kind.SENT_HTTP,
      "upstream_http_", Kind.UPSTREAM_HTTP, "cookie_", Kind.COOKIE, "arg_", Kind.ARG);

  static {
    for (Kind k : Kind.values()) {
      if (k.nginxName != null) {
        BUILT_IN.put(k.nginxName, k);
      }
    }
  }

  private final Kind kind;
  private final String name;
  private final String arg;
  private final int capture;
  private final UserVariable user;

  private Variable(Kind kind, String name, String arg, int capture, UserVariable user) {
    this.kind = kind;
    this.name = name;
    this.arg = arg;
    this.capture = capture;
    this.user = user;
  }

  /**
   * The variable called {@code name} (without {@code $}, lower-cased): a built-in one, a prefixed family, a
   * capture {@code 1..9}, or one of {@code users}; null if none of them.
   */
  static Variable named(String name, UserVariables users) {
    UserVariable user = users.find(name);
    if (user != null) {
      return new Variable(Kind.USER, name, "", 0, user);
    }
    Kind builtIn = BUILT_IN.get(name);
    if (builtIn != null) {
      return new Variable(builtIn, name, "", 0, null);
    }
    if (name.length() == 1 && name.charAt(0) >= '0' && name.charAt(0) <= '9') {
      return new Variable(Kind.CAPTURE, name, "", name.charAt(0) - '0', null);
    }
    for (Map.Entry<String, Kind> prefix : PREFIXES.entrySet()) {
      if (name.startsWith(prefix.getKey()) && name.length() > prefix.getKey().length()) {
        String rest = name.substring(prefix.getKey().length());
        Kind k = prefix.getValue();
        String arg = k == Kind.HTTP || k == Kind.SENT_HTTP || k == Kind.UPSTREAM_HTTP
            ? rest.replace('_', '-').toLowerCase(Locale.ROOT) : rest;
        return new Variable(k, name, arg, 0, null);
      }
    }
    return null;
  }

  /** Whether {@code name} is one of nginx's fixed built-in variables (not a prefixed family). */
  static boolean isBuiltIn(String name) {
    return BUILT_IN.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** What it reads. */
  public Kind kind() {
    return kind;
  }

  /** The name as written after {@code $}, lower-cased. */
  public String name() {
    return name;
  }

  /** For {@link Kind#HTTP}, {@link Kind#SENT_HTTP}, {@link Kind#UPSTREAM_HTTP} the header name (lower case, dashes); for {@link Kind#COOKIE} and {@link Kind#ARG} the name; else empty. */
  public String arg() {
    return arg;
  }

  /** For {@link Kind#CAPTURE}: the group number. */
  public int capture() {
    return capture;
  }

  /** For {@link Kind#USER}: the variable; else null. */
  public UserVariable user() {
    return user;
  }

  @Override
  public String toString() {
    return "$" + name;
  }
}
