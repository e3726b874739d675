package dev.corral.gate.http;

import dev.corral.gate.config.IfBlock;
import java.util.Map;

/**
 * nginx's rewrite phase of one location (its {@code set}, {@code rewrite}, {@code return}, {@code break} and
 * {@code if}), the first of the location's access phases. It answers a {@code return} or redirect itself, switches the
 * request to an {@code if}'s nested location when the condition holds, and when the URI changed (without
 * {@code break}) looks the location up again and runs the new one's phases ({@link FrontendHandler#relocate}: at
 * most 10 URI changes per request, then 500 with nginx's "rewrite or internal redirection cycle" line). Immutable and thread-safe.
 */
public final class RewritePhase implements AccessPhase {
  private final RewriteScript script;
  /** The running form of each {@code if} block's nested location. */
  private final Map<IfBlock, LocationRoute> ifRoutes;

  public RewritePhase(RewriteScript script, Map<IfBlock, LocationRoute> ifRoutes) {
    this.script = script;
    this.ifRoutes = ifRoutes;
  }

  @Override
  public int check(FrontendHandler frontend, RequestContext request) {
    int outcome = script.run(request, frontend, ifRoutes, frontend.settings().rewrite().log());
    if (outcome == RewriteScript.ANSWER) {
      return RewriteAnswers.answer(frontend, request);
    }
    if (outcome == RewriteScript.LAST || (outcome == RewriteScript.END && request.findLocationAgain)) {
      // nginx's post-rewrite phase: the location is looked up again for the new URI (a counted URI change).
      request.findLocationAgain = false;
      request.locationValid = true;
      frontend.relocate();
      return ANSWERED;
    }
    return NEXT;
  }
}
