package dev.corral.gate.http;

import dev.corral.gate.config.LocationHandler;
import dev.corral.gate.config.ProxySettings;
import java.util.Optional;

/**
 * {@code return CODE [TEXT]} and {@code return URL}: answers with the rendered text, as body or Location
 * ({@link Responses#returnResponse}); a redirect, and a code of 400 or more without text, are answered as the
 * gate's own statuses ({@link FrontendHandler#specialResponse}), so an {@code error_page} for them applies, as in
 * nginx. Immutable and thread-safe.
 */
public final class ReturnContent implements ContentHandler {
  private final LocationHandler.Return config;

  public ReturnContent(LocationHandler.Return config) {
    this.config = config;
  }

  @Override
  public void serve(FrontendHandler frontend, RequestContext request) {
    if (config.status() == 444) {
      // nginx's 444: no answer, the connection is closed.
      request.status = 444;
      frontend.abortConnection();
      return;
    }
    ProxySettings settings = frontend.settings();
    Optional<String> text = config.text().isPresent() ? Optional.of(config.text().get().render(request))
        : Optional.empty();
    int status = config.status();
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      // nginx answers a redirect as one of its own statuses (ngx_http_send_response, then the special response):
      // an error_page for it applies.
      frontend.specialResponse(status, text.orElse(null));
      return;
    }
    if (status >= 400 && text.isEmpty()) {
      frontend.failRequest(status);
      return;
    }
    frontend.writeLocal(Responses.returnResponse(frontend.alloc(), config.status(), text,
        settings.contentTypeFor(request.path()), Responses.server(settings)));
  }
}
