package dev.corral.gate.config;

import java.util.Optional;

/**
 * What {@code proxy_pass} sends of the client's request. Immutable.
 *
 * @param passHeaders {@code proxy_pass_request_headers}, default on: off sends only the {@code proxy_set_header}
 *     lines (and the body's framing)
 * @param passBody {@code proxy_pass_request_body}, default on: off sends no body (the client's is read and dropped)
 * @param body {@code proxy_set_body}: sent instead of the client's body, with its own Content-Length
 * @param method {@code proxy_method}: the upstream request's method instead of the client's
 */
public record UpstreamRequestSettings(boolean passHeaders, boolean passBody, Optional<Template> body,
    Optional<Template> method) {
  static UpstreamRequestSettings defaults() {
    return new UpstreamRequestSettings(true, true, Optional.empty(), Optional.empty());
  }

  /** Whether the upstream gets another body than the client's (none, or {@code proxy_set_body}). */
  public boolean replacesBody() {
    return !passBody || body.isPresent();
  }
}
