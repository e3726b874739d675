package dev.corral.gate.config;

import java.util.List;

/**
 * How a level writes the redirects it sends. Immutable.
 *
 * @param proxyRedirects the {@code proxy_redirect} rules applied to upstream answers, first match wins; empty
 *     with {@code proxy_redirect off} or when nothing applies (the rule {@code default} stands for is here,
 *     computed from the level's {@code proxy_pass})
 * @param proxyRedirectOff whether {@code proxy_redirect off} applies here (set here or inherited): no rules, and no
 *     {@code default} one either
 * @param absoluteRedirect {@code absolute_redirect}, default on: a Location the gate sends that starts with
 *     {@code /} is made absolute ({@code http://host[:port]/…})
 * @param serverNameInRedirect {@code server_name_in_redirect}, default off: that host is the server's first name
 *     rather than the request's Host
 * @param portInRedirect {@code port_in_redirect}, default on: the listening port is written unless it is 80
 */
public record RedirectSettings(List<ProxyRedirect> proxyRedirects, boolean proxyRedirectOff, boolean absoluteRedirect,
    boolean serverNameInRedirect, boolean portInRedirect) {
  public RedirectSettings {
    proxyRedirects = List.copyOf(proxyRedirects);
  }

  static RedirectSettings defaults() {
    return new RedirectSettings(List.of(), false, true, false, true);
  }
}
