package dev.corral.gate.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How {@code proxy_pass} talks to the upstream: the request headers it sets, when it moves to the next server,
 * and its timeouts. Defaults are nginx's (1.29.7+ for the protocol: HTTP/1.1 with keep-alive). Immutable.
 *
 * @param setHeaders {@code proxy_set_header}, default {@code Host $proxy_host} and {@code Connection ""};
 *     inherited only when a level has none
 * @param nextUpstream default {@code error timeout}; empty means {@code off}
 * @param nextUpstreamTries 0 = limited only by the number of servers
 * @param nextUpstreamTimeout zero = unlimited
 * @param connectTimeout {@code proxy_connect_timeout}, default 60s
 * @param readTimeout {@code proxy_read_timeout}, between two reads, default 60s
 * @param sendTimeout {@code proxy_send_timeout}, between two writes, default 60s
 * @param hiddenHeaders {@code proxy_hide_header} / {@code proxy_pass_header}, over nginx's default list
 * @param followsAccelRedirect whether an upstream's {@code X-Accel-Redirect} is followed (not listed in
 *     {@code proxy_ignore_headers}), default true
 * @param upstreamTls {@code proxy_ssl_name}, {@code proxy_ssl_server_name}: TLS to a {@code proxy_pass https://}
 */
public record ProxyPassSettings(List<HeaderSetting> setHeaders, Set<NextUpstream> nextUpstream,
    int nextUpstreamTries, Duration nextUpstreamTimeout, Duration connectTimeout, Duration readTimeout,
    Duration sendTimeout, HiddenHeaders hiddenHeaders, boolean followsAccelRedirect,
    dev.corral.gate.tls.UpstreamTls upstreamTls) {
  public ProxyPassSettings {
    setHeaders = List.copyOf(setHeaders);
    nextUpstream = nextUpstream.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(nextUpstream));
  }

  /** nginx's defaults. */
  static ProxyPassSettings defaults() {
    Duration sixty = Duration.ofSeconds(60);
    return new ProxyPassSettings(
        List.of(new HeaderSetting("Host", Template.compile("$proxy_host", null)),
            new HeaderSetting("Connection", Template.literal(""))),
        EnumSet.of(NextUpstream.ERROR, NextUpstream.TIMEOUT), 0, Duration.ZERO, sixty, sixty, sixty,
        HiddenHeaders.DEFAULT, true, dev.corral.gate.tls.UpstreamTls.defaults());
  }
}
