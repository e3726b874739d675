package dev.corral.gate.http;

/**
 * nginx's internal redirect: the current request is served again, as a new URI or in a named location, without
 * the client knowing; the location is looked up again and its access phases and content handler run from the
 * start. This is the one primitive behind every feature that moves a request inside the gate:
 *
 * <ul>
 *   <li>{@code error_page 404 /404.html} and {@code error_page 502 @fallback}: when the gate is about to answer a
 *       status that has an error page, {@link FrontendHandler#failRequest} redirects instead (the method becomes
 *       GET, except HEAD, for a URI; it is kept for a named location).
 *   <li>{@code try_files $uri $uri/ /index.php?$args} and {@code try_files … @backend}: the last argument, when no
 *       file exists, is {@link FrontendHandler#internalRedirect} with that URI or name.
 *   <li>{@code rewrite ^ /new last}: the rewrite sets the URI ({@link RequestContext#changeUri}) and calls
 *       {@link FrontendHandler#relocate}, which looks the location up again.
 * </ul>
 *
 * <p>A request may change its URI this way at most {@link #MAX_CHANGES} times (nginx's
 * {@code NGX_HTTP_MAX_URI_CHANGES}); the next change answers 500 and logs nginx's
 * {@code rewrite or internal redirection cycle …} error line, and no error page applies to that 500. Limits
 * ({@code limit_req}, {@code limit_conn}) count a request once, in the first location that has them, as nginx's
 * handlers skip a request that already went through them; what those phases hold is released when the request
 * ends, whichever location it ended in.
 *
 * <p>Stateless; the per-request state ({@link RequestContext#uriChanges}, {@link RequestContext#internal}) is in
 * the request. Called on the connection's event loop, before the response has started.
 */
final class InternalRedirect {
  /** The most URI changes (internal redirects and {@code rewrite … last}) a request may make. */
  static final int MAX_CHANGES = 10;

  /** What caused the change, for the error line nginx writes when the limit is reached. */
  enum Cause {
    /** An internal redirect to a URI: {@code error_page}, {@code try_files}, {@code X-Accel-Redirect}. */
    URI("while internally redirecting to \""),
    /** A redirect to a named location. */
    NAMED("while redirect to named location \""),
    /** A {@code rewrite … last} (the location is looked up again for the changed URI). */
    REWRITE("while processing \"");

    private final String words;

    Cause(String words) {
      this.words = words;
    }
  }

  private InternalRedirect() {}

  /**
   * Counts one more URI change for {@code request}.
   *
   * @return null if the request may go on, else the error line to log before answering 500
   */
  static String count(RequestContext request, Cause cause, String target) {
    if (++request.uriChanges > MAX_CHANGES) {
      return "rewrite or internal redirection cycle " + cause.words + target + "\"";
    }
    return null;
  }

  /** Whether the request used up its URI changes (then no error page applies to its 500, as in nginx). */
  static boolean exhausted(RequestContext request) {
    return request.uriChanges > MAX_CHANGES;
  }

  /** Splits {@code target} ({@code /path[?args]}) and sets it as the request's URI. */
  static void setUri(RequestContext request, String target) {
    int q = target.indexOf('?');
    if (q < 0) {
      request.changeUri(target, "");
    } else {
      request.changeUri(target.substring(0, q), target.substring(q + 1));
    }
  }
}
