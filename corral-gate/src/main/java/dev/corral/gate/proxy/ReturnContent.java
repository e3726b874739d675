package dev.corral.gate.proxy;

import dev.corral.gate.config.LocationHandler;
import dev.corral.gate.config.ProxySettings;
import java.util.Optional;

/**
 * {@code return CODE [TEXT]} and {@code return URL}: answers with the rendered text, as body or Location
 * ({@link Responses#returnResponse}). Immutable and thread-safe.
 */
final class ReturnContent implements ContentHandler {
  private final LocationHandler.Return config;

  ReturnContent(LocationHandler.Return config) {
    this.config = config;
  }

  @Override
  public void serve(FrontendHandler frontend, RequestContext request) {
    ProxySettings settings = frontend.settings();
    Optional<String> text = config.text().isPresent() ? Optional.of(config.text().get().render(request))
        : Optional.empty();
    frontend.writeLocal(Responses.returnResponse(frontend.alloc(), config.status(), text,
        settings.contentTypeFor(request.path()), Responses.server(settings)));
  }
}
