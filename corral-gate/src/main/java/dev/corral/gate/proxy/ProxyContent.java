package dev.corral.gate.proxy;

import dev.corral.gate.http.ContentHandler;
import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.RequestContext;

import dev.corral.gate.config.LocationConfig;
import dev.corral.gate.config.LocationHandler;

/**
 * {@code proxy_pass}: hands the request to a {@link ProxyCall} on the location's upstream, resolved when the
 * configuration was loaded. For an Upgrade request, reading stops until the switch (bytes after it belong to the
 * new protocol). Immutable and thread-safe.
 */
final class ProxyContent implements ContentHandler {
  private final LocationConfig location;
  private final LocationHandler.ProxyPass pass;
  private final UpstreamRuntime upstream;

  ProxyContent(LocationConfig location, LocationHandler.ProxyPass pass, UpstreamRuntime upstream) {
    this.location = location;
    this.pass = pass;
    this.upstream = upstream;
  }

  @Override
  public void serve(FrontendHandler frontend, RequestContext request) {
    boolean upgrade = ProxyHeaders.isUpgrade(request.request);
    // A rewrite that stayed in the location (break) sends the changed URI whole, without replacing the location's
    // part by proxy_pass's URI (nginx's valid_location).
    String current = UriRewrite.escape(request.upstreamTarget());
    String uri = request.locationValid ? UriRewrite.rewrite(location, pass, current) : current;
    frontend.startCall(new ProxyCall(frontend, request, frontend.settings(), upstream, uri,
        BalanceKeys.clientAddress(upstream, request), BalanceKeys.hashKey(upstream, request), pass.tls()));
    if (upgrade) {
      frontend.pauseReading();
    }
  }
}
