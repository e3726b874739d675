package dev.corral.gate.http;


import dev.corral.gate.config.ServerConfig;

/**
 * nginx's server rewrite phase: the rewrite statements of a {@code server} block, run before its location is looked
 * up. A {@code return} or redirect answers; otherwise the location is found for the URI as the statements left it
 * (a server-level rewrite does not count as a redirection, as nginx's find-config phase resets the change). Runs as
 * the only phase of the server's entry route ({@link Router}), whose content is {@link #findLocation}. Immutable and
 * thread-safe.
 */
public final class ServerRewritePhase implements AccessPhase {
  private final RewriteScript script;

  public ServerRewritePhase(RewriteScript script) {
    this.script = script;
  }

  @Override
  public int check(FrontendHandler frontend, RequestContext request) {
    int outcome = script.run(request, frontend, java.util.Map.of(), frontend.settings().rewrite().log());
    if (outcome == RewriteScript.ANSWER) {
      return RewriteAnswers.answer(frontend, request);
    }
    return NEXT;
  }

  /** The entry route's content: the location for the request's URI, whose phases and content then run. */
  public static ContentHandler findLocation(Router routes, ServerConfig server) {
    return (frontend, request) -> {
      request.findLocationAgain = false;
      request.locationValid = true;
      frontend.enterLocation(routes.locationOf(server, request.path()));
    };
  }
}
