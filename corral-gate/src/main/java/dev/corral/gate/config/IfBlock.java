package dev.corral.gate.config;

import java.util.List;

/**
 * The block of an {@code if}: its statements and, inside a location, the implicit nested location nginx makes of it
 * (its own settings inherited from the location, its own {@code proxy_pass} or the location's): when the condition
 * holds, the request runs with that configuration from then on ("if is evil": only the directives nginx allows in
 * {@code if}). The statements and the location are filled in while the configuration is compiled — the location
 * only once the enclosing location's settings are complete — and never changed after it is published.
 */
public final class IfBlock {
  private final Directive directive;
  private List<RewriteOp> body = List.of();
  private LocationConfig location;

  IfBlock(Directive directive) {
    this.directive = directive;
  }

  Directive directive() {
    return directive;
  }

  /** The block's statements, run when the condition holds. */
  public List<RewriteOp> body() {
    return body;
  }

  /** Inside a location: the configuration the request runs with once the condition held; null in a server. */
  public LocationConfig location() {
    return location;
  }

  void complete(List<RewriteOp> statements, LocationConfig nested) {
    body = List.copyOf(statements);
    location = nested;
  }
}
