package dev.corral.gate.proxy;

import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.HeaderNames;
import dev.corral.gate.http.Redirects;
import dev.corral.gate.http.RequestContext;
import dev.corral.gate.http.Responses;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;

/**
 * Turns an upstream's response head into the client's, as nginx's proxy module does before its header filters:
 * {@code proxy_hide_header} / {@code proxy_pass_header}, the gate's Server, the hop-by-hop rewrite and
 * {@code proxy_redirect}; the frontend then applies the filters common to every answer and writes it. Stateless.
 */
final class ClientResponseHead {
  private ClientResponseHead() {}

  /** Writes the client's head for {@code upstreamResponse}; {@code bodyless}: no body follows (HEAD, 204, 304). */
  static void write(FrontendHandler frontend, RequestContext request, HttpResponse upstreamResponse,
      boolean bodyless) {
    ProxySettings settings = frontend.settings();
    boolean[] keep = new boolean[1];
    List<String> hidden = settings.proxy().hiddenHeaders().removed();
    for (int i = 0, n = hidden.size(); i < n; i++) {
      upstreamResponse.headers().remove(hidden.get(i));
    }
    String server = Responses.server(settings);
    if (settings.proxy().hiddenHeaders().passesServer()) {
      // proxy_pass_header Server: the upstream's, and the gate's only when the upstream sent none (as nginx).
      server = upstreamResponse.headers().get(HeaderNames.SERVER, server);
    }
    frontend.gzipStreamed(upstreamResponse, bodyless);
    HttpResponse out = ProxyHeaders.clientResponse(upstreamResponse, request.request.protocolVersion(), bodyless,
        frontend.keepAlive(), keep, server);
    Redirects.rewriteUpstream(out.headers(), settings.redirects(), request);
    frontend.writeResponseHead(out, keep[0]);
  }
}
