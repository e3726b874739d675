package dev.corral.gate.config;

import java.util.Optional;
import java.util.Set;

/**
 * Compiles {@code proxy_pass_request_headers}, {@code proxy_pass_request_body}, {@code proxy_set_body} and
 * {@code proxy_method} of one level into {@link UpstreamRequestSettings}; each is inherited until a level sets it.
 * Not thread-safe.
 */
final class UpstreamRequestCompiler extends FeatureCompiler<UpstreamRequestSettings> {
  static final Set<String> NAMES = Set.of("proxy_pass_request_headers", "proxy_pass_request_body",
      "proxy_set_body", "proxy_method");

  private boolean headers;
  private boolean body;
  private Optional<Template> setBody;
  private Optional<Template> method;

  UpstreamRequestCompiler(UpstreamRequestSettings parent) {
    headers = parent.passHeaders();
    body = parent.passBody();
    setBody = parent.body();
    method = parent.method();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  void apply(Directive d) {
    Values.requireArgs(d, 1, 1);
    switch (d.name()) {
      case "proxy_pass_request_headers" -> headers = Values.flag(d, d.arg(0));
      case "proxy_pass_request_body" -> body = Values.flag(d, d.arg(0));
      case "proxy_set_body" -> setBody = Optional.of(Template.compile(d.arg(0), d.position()));
      default -> {
        // nginx takes any token as the method (it is sent as written); an HTTP token has no separators.
        if (!Values.isHeaderName(d.arg(0)) || d.arg(0).chars().anyMatch(c -> "()<>@,;\\\"/[]?={}".indexOf(c) >= 0)) {
          throw Values.invalid(d, d.arg(0), "a method such as GET or POST");
        }
        method = Optional.of(Template.compile(d.arg(0), d.position()));
      }
    }
  }

  @Override
  UpstreamRequestSettings build() {
    return new UpstreamRequestSettings(headers, body, setBody, method);
  }
}
