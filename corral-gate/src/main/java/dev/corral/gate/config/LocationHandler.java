package dev.corral.gate.config;

import java.util.Optional;

/** What a location does with a request. */
public sealed interface LocationHandler {
  /**
   * {@code proxy_pass http://TARGET[URI]}: {@code upstream} names an upstream block (possibly an implicit one for a
   * literal {@code host:port}); {@code uri}, when present, replaces the matched location prefix.
   */
  /** {@code proxy_pass http://} or, with {@code tls}, {@code https://}. */
  record ProxyPass(String upstream, Optional<String> uri, boolean tls) implements LocationHandler {
    /** Plain HTTP to the upstream. */
    public ProxyPass(String upstream, Optional<String> uri) {
      this(upstream, uri, false);
    }
  }

  /**
   * {@code return CODE [TEXT]} or {@code return URL}: for 301, 302, 303, 307 and 308 the text is the Location;
   * otherwise it is the body.
   */
  record Return(int status, Optional<Template> text) implements LocationHandler {}

  /**
   * Neither {@code proxy_pass} nor {@code return}: files from the level's {@code root} or {@code alias}, with
   * {@code try_files} and {@code index} ({@link FileSettings}), as nginx serves a location without a handler.
   */
  record Files() implements LocationHandler {}

  /**
   * {@code proxy_pass} with variables, rendered per request: the host names an upstream block or is an IP address
   * (there is no resolver); a URI part, when the rendered URL has one, is sent as it is.
   */
  record ProxyPassVariables(Template url) implements LocationHandler {}

  /** {@code stub_status}: nginx's connection and request counts. */
  record StubStatus() implements LocationHandler {}
}
