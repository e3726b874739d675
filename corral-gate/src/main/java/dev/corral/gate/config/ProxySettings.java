package dev.corral.gate.config;

import dev.corral.gate.tls.ServerTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The settings a level (http, server or location) runs with, after nginx's inheritance http → server → location,
 * grouped by feature: each group is its own record built by its own {@link FeatureCompiler}. A new feature adds
 * a group here and a compiler in {@link SettingsBuilder}; it does not touch the other groups.
 *
 * <p>The one-call accessors below ({@link #connectTimeout()}, {@link #accessLog()}…) read a field of a group;
 * they are kept for the callers written before the groups existed. New code reads the group.
 *
 * @param proxy {@code proxy_*}: upstream headers, retries, timeouts
 * @param client client connections: body size, keep-alive, timeouts, header buffers, tcp_nodelay
 * @param logs {@code access_log}, {@code error_log}
 * @param response {@code types}, {@code default_type}, {@code server_tokens}
 * @param limits {@code limit_req}, {@code limit_conn}
 * @param files {@code root}, {@code alias}, {@code index}, {@code try_files} and the static module's settings
 * @param errors {@code error_page}, {@code recursive_error_pages}, {@code proxy_intercept_errors}
 * @param redirects {@code proxy_redirect}, {@code absolute_redirect}, {@code server_name_in_redirect},
 *     {@code port_in_redirect}
 * @param upstreamRequest {@code proxy_pass_request_headers}, {@code proxy_pass_request_body},
 *     {@code proxy_set_body}, {@code proxy_method}
 * @param rewrite the rewrite module: the level's own script ({@code set}, {@code rewrite}, {@code if}…) and flags
 * @param realIp {@code set_real_ip_from}, {@code real_ip_header}, {@code real_ip_recursive}
 * @param gzip {@code gzip} and the gzip filter's settings
 * @param tls the {@code ssl_*} directives of a server and its built TLS contexts (http and server levels only)
 */
public record ProxySettings(ProxyPassSettings proxy, ClientSettings client, LogSettings logs,
    ResponseSettings response, LimitSettings limits, FileSettings files, ErrorPageSettings errors,
    RedirectSettings redirects, UpstreamRequestSettings upstreamRequest,
    RewriteSettings rewrite, RealIpSettings realIp, GzipSettings gzip, ServerTls tls) {

  /**
   * nginx's defaults (access log in {@code combined} format to {@code logs/access.log} under the prefix, files
   * from {@code html} under the prefix).
   */
  public static ProxySettings defaults(AccessLog accessLog, Path prefix) {
    return new ProxySettings(ProxyPassSettings.defaults(), ClientSettings.defaults(),
        new LogSettings(accessLog, List.of()), ResponseSettings.defaults(),
        LimitSettings.defaults(), FileSettings.defaults(prefix), ErrorPageSettings.defaults(),
        RedirectSettings.defaults(), UpstreamRequestSettings.defaults(),
        RewriteSettings.defaults(), RealIpSettings.defaults(), GzipSettings.defaults(), ServerTls.none());
  }

  /** The same settings with {@code rewrite} instead of this level's rewrite module settings. */
  public ProxySettings withRewrite(RewriteSettings other) {
    return new ProxySettings(proxy, client, logs, response, limits, files, errors, redirects, upstreamRequest,
        other, realIp, gzip, tls);
  }

  /** {@link ProxyPassSettings#setHeaders()}. */
  public List<HeaderSetting> proxySetHeaders() {
    return proxy.setHeaders();
  }

  /** {@link ProxyPassSettings#nextUpstream()}. */
  public Set<NextUpstream> nextUpstream() {
    return proxy.nextUpstream();
  }

  /** {@link ProxyPassSettings#nextUpstreamTries()}. */
  public int nextUpstreamTries() {
    return proxy.nextUpstreamTries();
  }

  /** {@link ProxyPassSettings#nextUpstreamTimeout()}. */
  public Duration nextUpstreamTimeout() {
    return proxy.nextUpstreamTimeout();
  }

  /** {@link ProxyPassSettings#connectTimeout()}. */
  public Duration connectTimeout() {
    return proxy.connectTimeout();
  }

  /** {@link ProxyPassSettings#readTimeout()}. */
  public Duration readTimeout() {
    return proxy.readTimeout();
  }

  /** {@link ProxyPassSettings#sendTimeout()}. */
  public Duration sendTimeout() {
    return proxy.sendTimeout();
  }

  /** {@link ClientSettings#maxBodySize()}. */
  public long clientMaxBodySize() {
    return client.maxBodySize();
  }

  /** {@link ClientSettings#keepaliveTimeout()}. */
  public Duration keepaliveTimeout() {
    return client.keepaliveTimeout();
  }

  /** {@link ClientSettings#keepaliveRequests()}. */
  public int keepaliveRequests() {
    return client.keepaliveRequests();
  }

  /** {@link ClientSettings#headerTimeout()}. */
  public Duration clientHeaderTimeout() {
    return client.headerTimeout();
  }

  /** {@link ClientSettings#bodyTimeout()}. */
  public Duration clientBodyTimeout() {
    return client.bodyTimeout();
  }

  /** {@link ClientSettings#sendTimeout()}. */
  public Duration clientSendTimeout() {
    return client.sendTimeout();
  }

  /** {@link ClientSettings#largeHeaderBufferSize()}. */
  public int largeHeaderBufferSize() {
    return client.largeHeaderBufferSize();
  }

  /** {@link ClientSettings#largeHeaderBufferNumber()}. */
  public int largeHeaderBufferNumber() {
    return client.largeHeaderBufferNumber();
  }

  /** {@link ClientSettings#tcpNodelay()}. */
  public boolean tcpNodelay() {
    return client.tcpNodelay();
  }

  /** {@link LogSettings#accessLog()}. */
  public AccessLog accessLog() {
    return logs.accessLog();
  }

  /** {@link LogSettings#errorLogs()}. */
  public List<ErrorLogTarget> errorLogs() {
    return logs.errorLogs();
  }

  /** {@link ResponseSettings#types()}. */
  public MimeTypes types() {
    return response.types();
  }

  /** {@link ResponseSettings#defaultType()}. */
  public String defaultType() {
    return response.defaultType();
  }

  /** {@link ResponseSettings#serverTokens()}. */
  public boolean serverTokens() {
    return response.serverTokens();
  }

  /**
   * The Content-Type nginx gives a response it makes up for {@code path} (ngx_http_set_content_type): the type of
   * the path's extension in {@link ResponseSettings#types()}, else {@code default_type}; empty when that is empty.
   */
  public Optional<String> contentTypeFor(String path) {
    Optional<String> byExtension = response.types().typeOf(path);
    if (byExtension.isPresent()) {
      return byExtension;
    }
    return response.defaultType().isEmpty() ? Optional.empty() : Optional.of(response.defaultType());
  }
}
