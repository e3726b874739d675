package dev.corral.gate.proxy;

import dev.corral.gate.http.ContentHandler;
import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.RequestContext;

import dev.corral.gate.config.Template;
import java.util.Optional;

/**
 * {@code proxy_pass} with variables: renders the URL per request and proxies to the upstream block its host names,
 * or to the IP address it gives ({@link Routes#upstreamFor}); a host name that is neither is answered 502 with
 * nginx's "no resolver defined to resolve" line, as nginx without a {@code resolver}. A URI part of the rendered URL
 * is sent as it is; without one the client's URI (as the rewrite module left it) is sent. Immutable and thread-safe.
 */
final class VariableProxyContent implements ContentHandler {
  private final Template url;
  private final Routes routes;

  VariableProxyContent(Template url, Routes routes) {
    this.url = url;
    this.routes = routes;
  }

  @Override
  public void serve(FrontendHandler frontend, RequestContext request) {
    String rendered = url.render(request);
    if (!rendered.regionMatches(true, 0, "http://", 0, 7)) {
      frontend.logError("invalid URL prefix in \"" + rendered + "\"");
      frontend.failRequest(500);
      return;
    }
    String rest = rendered.substring(7);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    Optional<UpstreamRuntime> upstream = routes.upstreamFor(authority);
    if (upstream.isEmpty()) {
      int colon = authority.lastIndexOf(':');
      String host = colon > 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
      frontend.logError("no resolver defined to resolve " + host);
      frontend.failRequest(502);
      return;
    }
    String uri;
    if (slash >= 0) {
      uri = UriRewrite.escape(rest.substring(slash));
    } else {
      uri = UriRewrite.escape(request.upstreamTarget());
    }
    UpstreamRuntime target = upstream.get();
    frontend.startCall(new ProxyCall(frontend, request, frontend.settings(), target, uri,
        BalanceKeys.clientAddress(target, request), BalanceKeys.hashKey(target, request)));
    if (ProxyHeaders.isUpgrade(request.request)) {
      frontend.pauseReading();
    }
  }
}
