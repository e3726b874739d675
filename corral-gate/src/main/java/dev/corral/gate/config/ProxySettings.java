package dev.corral.gate.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The settings a location runs with, after nginx's inheritance http → server → location: a directive at an inner
 * level replaces the outer value; {@code proxy_set_header} lines are inherited only when the inner level has none.
 * Defaults are nginx's (1.29.7+ for the upstream protocol: HTTP/1.1 with keep-alive).
 *
 * @param proxySetHeaders default {@code Host $proxy_host} and {@code Connection ""}
 * @param nextUpstream default {@code error timeout}; empty means {@code off}
 * @param nextUpstreamTries 0 = limited only by the number of servers
 * @param nextUpstreamTimeout zero = unlimited
 * @param connectTimeout {@code proxy_connect_timeout}, default 60s
 * @param readTimeout {@code proxy_read_timeout}, between two reads, default 60s
 * @param sendTimeout {@code proxy_send_timeout}, between two writes, default 60s
 * @param clientMaxBodySize bytes, default 1m; 0 = unlimited
 * @param keepaliveTimeout client connections' idle timeout, default 75s; zero disables client keep-alive
 * @param keepaliveRequests requests per client connection, default 1000
 * @param clientHeaderTimeout default 60s
 * @param clientBodyTimeout default 60s, between two reads
 * @param clientSendTimeout {@code send_timeout}, between two writes to the client, default 60s
 * @param largeHeaderBufferSize bytes for the request line and for one header line, default 8k (nginx's
 *     {@code large_client_header_buffers 4 8k})
 * @param largeHeaderBufferNumber default 4: total header bytes are limited to number × size
 * @param types {@code types}: extension → MIME type, for the Content-Type of {@code return} texts; nginx's three
 *     built-in entries unless a level sets a {@code types} block
 * @param defaultType {@code default_type}, default {@code text/plain} (nginx's compiled default); empty: no
 *     Content-Type header
 * @param tcpNodelay {@code tcp_nodelay}, default on: whether client connections have TCP_NODELAY
 * @param serverTokens {@code server_tokens}, default on: whether the Server header and error pages show the version
 * @param errorLogs the {@code error_log}s of this level or the nearest one above (a level may have several, as in
 *     nginx: a line goes to each whose level allows it); empty: the main error log
 */
public record ProxySettings(List<HeaderSetting> proxySetHeaders, Set<NextUpstream> nextUpstream,
    int nextUpstreamTries, Duration nextUpstreamTimeout, Duration connectTimeout, Duration readTimeout,
    Duration sendTimeout, long clientMaxBodySize, AccessLog accessLog, Duration keepaliveTimeout,
    int keepaliveRequests, Duration clientHeaderTimeout, Duration clientBodyTimeout, Duration clientSendTimeout,
    int largeHeaderBufferSize, int largeHeaderBufferNumber, MimeTypes types, String defaultType,
    boolean tcpNodelay, boolean serverTokens, List<ErrorLogTarget> errorLogs) {
  public ProxySettings {
    errorLogs = List.copyOf(errorLogs);
    proxySetHeaders = List.copyOf(proxySetHeaders);
    nextUpstream = nextUpstream.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(nextUpstream));
  }

  /** nginx's defaults (access log in {@code combined} format to {@code logs/access.log} under the prefix). */
  public static ProxySettings defaults(AccessLog accessLog) {
    Duration sixty = Duration.ofSeconds(60);
    return new ProxySettings(
        List.of(new HeaderSetting("Host", Template.compile("$proxy_host", null)),
            new HeaderSetting("Connection", Template.literal(""))),
        EnumSet.of(NextUpstream.ERROR, NextUpstream.TIMEOUT), 0, Duration.ZERO, sixty, sixty, sixty,
        1024 * 1024, accessLog, Duration.ofSeconds(75), 1000, sixty, sixty, sixty, 8 * 1024, 4,
        MimeTypes.NGINX_DEFAULT, "text/plain", true, true, List.of());
  }

  /**
   * The Content-Type nginx gives a response it makes up for {@code path} (ngx_http_set_content_type): the type of
   * the path's extension in {@link #types}, else {@link #defaultType}; empty when that is empty.
   */
  public java.util.Optional<String> contentTypeFor(String path) {
    java.util.Optional<String> byExtension = types.typeOf(path);
    if (byExtension.isPresent()) {
      return byExtension;
    }
    return defaultType.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(defaultType);
  }
}
