package dev.corral.gate.http;

import dev.corral.gate.config.ProxySettings;

/**
 * Answers a request that the rewrite module answered ({@code return}, a redirecting {@code rewrite}) as
 * {@link ReturnContent} does: a redirect with its Location and an error for a status of 400 or more without text as
 * the gate's own statuses (an {@code error_page} applies), the text as body, and for nginx's 444 no answer at all
 * (the connection is closed). Stateless.
 */
final class RewriteAnswers {
  private RewriteAnswers() {}

  /** Answers with the request's {@code returnStatus} and {@code returnText}; the access-phase verdict to return. */
  static int answer(FrontendHandler frontend, RequestContext request) {
    int status = request.returnStatus;
    if (status == 444) {
      request.status = 444;
      frontend.abortConnection();
      return AccessPhase.ANSWERED;
    }
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      // As ReturnContent: a redirect is one of the gate's own statuses, so an error_page for it applies.
      frontend.specialResponse(status, request.returnText.orElse(null));
      return AccessPhase.ANSWERED;
    }
    if (request.returnText.isEmpty() && status >= 400) {
      return status;
    }
    ProxySettings settings = frontend.settings();
    frontend.writeLocal(Responses.returnResponse(frontend.alloc(), status, request.returnText,
        settings.contentTypeFor(request.path()), Responses.server(settings)));
    return AccessPhase.ANSWERED;
  }
}
