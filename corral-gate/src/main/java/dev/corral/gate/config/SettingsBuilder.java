package dev.corral.gate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link ProxySettings} of one level (http, server or location) from its parent's, applying the
 * directives that nginx inherits downwards. Not thread-safe; used by the compiler for one level only.
 */
final class SettingsBuilder {
  /** Where each directive may appear: all in http, server and location except those listed here. */
  private static final Set<String> NOT_IN_LOCATION = Set.of("large_client_header_buffers", "client_header_timeout",
      "ssl_protocols", "ssl_prefer_server_ciphers");
  /** Directives nginx allows several times at one level. */
  private static final Set<String> REPEATABLE = Set.of("proxy_set_header", "types", "error_log");
  private static final Set<String> SSL_PROTOCOLS = Set.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2",
      "TLSv1.3");

  static final Set<String> NAMES = Set.of("proxy_set_header", "proxy_next_upstream", "proxy_next_upstream_tries",
      "proxy_next_upstream_timeout", "proxy_connect_timeout", "proxy_read_timeout", "proxy_send_timeout",
      "client_max_body_size", "access_log", "keepalive_timeout", "keepalive_requests", "client_header_timeout",
      "client_body_timeout", "send_timeout", "large_client_header_buffers", "proxy_http_version", "proxy_buffering",
      "proxy_request_buffering", "sendfile", "tcp_nopush", "tcp_nodelay", "types_hash_max_size",
      "types_hash_bucket_size", "types", "default_type", "server_tokens", "gzip", "ssl_protocols",
      "ssl_prefer_server_ciphers", "error_log");

  private final Path prefix;
  private final Map<String, Template> logFormats;
  private final Set<String> seen = new HashSet<>();
  private List<HeaderSetting> headers;
  private boolean headersDefinedHere;
  private Set<NextUpstream> nextUpstream;
  private int tries;
  private Duration nextTimeout;
  private Duration connectTimeout;
  private Duration readTimeout;
  private Duration sendTimeout;
  private long maxBody;
  private AccessLog accessLog;
  private Duration keepaliveTimeout;
  private int keepaliveRequests;
  private Duration headerTimeout;
  private Duration bodyTimeout;
  private Duration clientSendTimeout;
  private int headerBufferSize;
  private int headerBufferNumber;
  private MimeTypes types;
  private boolean typesDefinedHere;
  private String defaultType;
  private boolean tcpNodelay;
  private boolean serverTokens;
  private List<ErrorLogTarget> errorLogs;
  private boolean errorLogsDefinedHere;

  SettingsBuilder(ProxySettings parent, Path prefix, Map<String, Template> logFormats) {
    this.prefix = prefix;
    this.logFormats = logFormats;
    headers = parent.proxySetHeaders();
    nextUpstream = parent.nextUpstream();
    tries = parent.nextUpstreamTries();
    nextTimeout = parent.nextUpstreamTimeout();
    connectTimeout = parent.connectTimeout();
    readTimeout = parent.readTimeout();
    sendTimeout = parent.sendTimeout();
    maxBody = parent.clientMaxBodySize();
    accessLog = parent.accessLog();
    keepaliveTimeout = parent.keepaliveTimeout();
    keepaliveRequests = parent.keepaliveRequests();
    headerTimeout = parent.clientHeaderTimeout();
    bodyTimeout = parent.clientBodyTimeout();
    clientSendTimeout = parent.clientSendTimeout();
    headerBufferSize = parent.largeHeaderBufferSize();
    headerBufferNumber = parent.largeHeaderBufferNumber();
    types = parent.types();
    defaultType = parent.defaultType();
    tcpNodelay = parent.tcpNodelay();
    serverTokens = parent.serverTokens();
    errorLogs = parent.errorLogs();
  }

  /**
   * Applies {@code d} if it is a settings directive.
   *
   * @return false if {@code d} is not a settings directive
   * @throws ConfigException if it is one but its value is invalid, duplicate or not allowed at this level
   */
  boolean apply(Directive d, boolean inLocation) {
    if (!NAMES.contains(d.name())) {
      return false;
    }
    if (inLocation && NOT_IN_LOCATION.contains(d.name())) {
      throw new ConfigException("\"" + d.name() + "\" directive is not allowed here", d.position());
    }
    if (!REPEATABLE.contains(d.name()) && !seen.add(d.name())) {
      throw new ConfigException("\"" + d.name() + "\" directive is duplicate", d.position());
    }
    switch (d.name()) {
      case "proxy_set_header" -> setHeader(d);
      case "proxy_next_upstream" -> nextUpstream(d);
      case "proxy_next_upstream_tries" -> {
        Values.requireArgs(d, 1, 1);
        tries = Values.integer(d, d.arg(0), 0, Integer.MAX_VALUE);
      }
      case "proxy_next_upstream_timeout" -> nextTimeout = time(d);
      case "proxy_connect_timeout" -> connectTimeout = time(d);
      case "proxy_read_timeout" -> readTimeout = time(d);
      case "proxy_send_timeout" -> sendTimeout = time(d);
      case "client_max_body_size" -> {
        Values.requireArgs(d, 1, 1);
        maxBody = Values.size(d, d.arg(0));
      }
      case "access_log" -> accessLog(d);
      case "keepalive_timeout" -> {
        Values.requireArgs(d, 1, 1);
        keepaliveTimeout = Values.duration(d, d.arg(0));
      }
      case "keepalive_requests" -> {
        Values.requireArgs(d, 1, 1);
        keepaliveRequests = Values.integer(d, d.arg(0), 0, Integer.MAX_VALUE);
      }
      case "client_header_timeout" -> headerTimeout = time(d);
      case "client_body_timeout" -> bodyTimeout = time(d);
      case "send_timeout" -> clientSendTimeout = time(d);
      case "large_client_header_buffers" -> {
        Values.requireArgs(d, 2, 2);
        headerBufferNumber = Values.integer(d, d.arg(0), 1, 1024);
        long size = Values.size(d, d.arg(1));
        if (size < 64 || size > 1024 * 1024) {
          throw Values.invalid(d, d.arg(1), "a size from 64 to 1m");
        }
        headerBufferSize = (int) size;
      }
      case "proxy_http_version" -> {
        Values.requireArgs(d, 1, 1);
        if (!d.arg(0).equals("1.1")) {
          throw Values.invalid(d, d.arg(0), "1.1 (corral gate always speaks HTTP/1.1 with keep-alive upstream)");
        }
      }
      case "proxy_buffering", "proxy_request_buffering" -> {
        // corral gate always streams both bodies, which is what "off" asks for; buffering is not implemented.
        Values.requireArgs(d, 1, 1);
        if (Values.flag(d, d.arg(0))) {
          throw new ConfigException("\"" + d.name() + " on\" is not supported by corral gate (bodies are always "
              + "streamed, as with \"off\")", d.position());
        }
      }
      case "sendfile", "tcp_nopush" -> {
        // nginx uses both only when it sends a file (sendfile(2), TCP_CORK); the gate sends no files and buffers
        // no response to a temporary file, where nginx has the same nothing to do.
        Values.requireArgs(d, 1, 1);
        Values.flag(d, d.arg(0));
      }
      case "tcp_nodelay" -> {
        Values.requireArgs(d, 1, 1);
        tcpNodelay = Values.flag(d, d.arg(0));
      }
      case "types_hash_max_size" -> {
        // Sizes of nginx's static hash of types; a Java map needs none, so only the value is checked.
        Values.requireArgs(d, 1, 1);
        Values.integer(d, d.arg(0), 1, Integer.MAX_VALUE);
      }
      case "types_hash_bucket_size" -> {
        Values.requireArgs(d, 1, 1);
        Values.size(d, d.arg(0));
      }
      case "types" -> {
        Values.requireBlock(d, 0, 0);
        // A level's first types block replaces what it inherited; more blocks at the same level add to it.
        types = (typesDefinedHere ? types : MimeTypes.empty()).plus(d);
        typesDefinedHere = true;
      }
      case "default_type" -> {
        Values.requireArgs(d, 1, 1);
        defaultType = d.arg(0);
      }
      case "server_tokens" -> {
        Values.requireArgs(d, 1, 1);
        serverTokens = switch (d.arg(0)) {
          case "on", "build" -> true; // "build" adds the build name, which corral has none of
          case "off" -> false;
          default -> throw Values.invalid(d, d.arg(0), "on, off or build");
        };
      }
      case "gzip" -> {
        Values.requireArgs(d, 1, 1);
        if (Values.flag(d, d.arg(0))) {
          throw new ConfigException("\"gzip on\" is not implemented by corral gate (it never compresses "
              + "responses; use \"gzip off\" or remove the directive)", d.position());
        }
      }
      case "ssl_protocols" -> {
        // Configures TLS listeners only; "listen ... ssl" is refused, so there is none for it to configure.
        Values.requireArgs(d, 1, SSL_PROTOCOLS.size());
        for (String protocol : d.args()) {
          if (!SSL_PROTOCOLS.contains(protocol)) {
            throw Values.invalid(d, protocol, "SSLv2, SSLv3, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3");
          }
        }
      }
      case "error_log" -> {
        Values.requireArgs(d, 1, 2);
        refuseUnsupportedErrorLog(d);
        String level = d.args().size() == 2 ? GateConfigCompiler.errorLevel(d, d.arg(1)) : "error";
        if (!errorLogsDefinedHere) {
          // A level's error_log lines replace the inherited ones; several at one level all apply.
          errorLogsDefinedHere = true;
          errorLogs = new ArrayList<>();
        }
        errorLogs.add(new ErrorLogTarget(prefix.resolve(d.arg(0)), level));
      }
      case "ssl_prefer_server_ciphers" -> {
        Values.requireArgs(d, 1, 1);
        Values.flag(d, d.arg(0));
      }
      default -> throw new IllegalStateException("unhandled settings directive " + d.name());
    }
    return true;
  }

  /** nginx's {@code syslog:} and {@code memory:} error logs are not implemented: an error, never such a file. */
  static void refuseUnsupportedErrorLog(Directive d) {
    if (d.arg(0).startsWith("syslog:") || d.arg(0).startsWith("memory:")) {
      throw new ConfigException("\"error_log " + d.arg(0).substring(0, d.arg(0).indexOf(':') + 1)
          + "...\" is not supported by corral gate (expected: a file or stderr)", d.position());
    }
  }

  private static Duration time(Directive d) {
    Values.requireArgs(d, 1, 1);
    return Values.duration(d, d.arg(0));
  }

  private void setHeader(Directive d) {
    Values.requireArgs(d, 2, 2);
    if (!headersDefinedHere) {
      headersDefinedHere = true;
      headers = new ArrayList<>();
    }
    String name = d.arg(0);
    if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
      throw Values.invalid(d, name, "a header name");
    }
    headers.add(new HeaderSetting(name, Template.compile(d.arg(1), d.position())));
  }

  private void nextUpstream(Directive d) {
    Values.requireArgs(d, 1, 16);
    if (d.args().size() == 1 && d.arg(0).equals("off")) {
      nextUpstream = Set.of();
      return;
    }
    Set<NextUpstream> set = EnumSet.noneOf(NextUpstream.class);
    for (String arg : d.args()) {
      if (arg.equals("off")) {
        throw new ConfigException("invalid value \"off\" in \"proxy_next_upstream\" directive, \"off\" must be "
            + "the only value", d.position());
      }
      set.add(NextUpstream.parse(arg).orElseThrow(() -> Values.invalid(d, arg,
          "error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, "
              + "http_429, non_idempotent or off")));
    }
    nextUpstream = set;
  }

  private void accessLog(Directive d) {
    Values.requireArgs(d, 1, 6);
    if (d.arg(0).equals("off")) {
      if (d.args().size() != 1) {
        throw new ConfigException("invalid number of arguments in \"access_log\" directive", d.position());
      }
      accessLog = AccessLog.off();
      return;
    }
    String formatName = d.args().size() > 1 ? d.arg(1) : AccessLog.COMBINED_NAME;
    Template format = logFormats.get(formatName);
    if (format == null) {
      throw new ConfigException("unknown log format \"" + formatName + "\"", d.position());
    }
    int buffer = 0;
    Optional<Duration> flush = Optional.empty();
    for (String param : d.args().subList(Math.min(2, d.args().size()), d.args().size())) {
      if (param.startsWith("buffer=")) {
        long size = Values.size(d, param.substring("buffer=".length()));
        if (size < 1 || size > 64L * 1024 * 1024) {
          throw Values.invalid(d, param, "buffer=SIZE from 1 to 64m");
        }
        buffer = (int) size;
      } else if (param.startsWith("flush=")) {
        Duration time = Values.duration(d, param.substring("flush=".length()));
        if (time.isZero()) {
          throw Values.invalid(d, param, "flush=TIME above 0");
        }
        flush = Optional.of(time);
      } else if (param.startsWith("gzip") || param.startsWith("if=")) {
        throw new ConfigException("\"access_log ... " + param + "\" is not supported by corral gate", d.position());
      } else {
        throw new ConfigException("invalid parameter \"" + param + "\" in \"access_log\" directive (expected: "
            + "buffer=SIZE or flush=TIME)", d.position());
      }
    }
    if (flush.isPresent() && buffer == 0) {
      throw new ConfigException("no buffer is defined for access_log \"" + d.arg(0) + "\"", d.position());
    }
    Optional<Path> path = Optional.of(prefix.resolve(d.arg(0)));
    accessLog = buffer == 0 ? new AccessLog(path, formatName, format)
        : new AccessLog(path, formatName, format, buffer, flush);
  }

  ProxySettings build() {
    return new ProxySettings(headers, nextUpstream, tries, nextTimeout, connectTimeout, readTimeout, sendTimeout,
        maxBody, accessLog, keepaliveTimeout, keepaliveRequests, headerTimeout, bodyTimeout, clientSendTimeout,
        headerBufferSize, headerBufferNumber, types, defaultType, tcpNodelay, serverTokens, errorLogs);
  }
}
