package dev.corral.gate.http;

import dev.corral.gate.config.ErrorPage;
import dev.corral.gate.config.ErrorPageSettings;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Optional;

/**
 * {@code error_page}, as nginx's ngx_http_send_error_page: when the gate is about to answer a status that the
 * level has a page for, the request is redirected instead. A URI page is an {@link InternalRedirect} (the method
 * becomes GET unless it is HEAD; {@code $args} become the page's), a named page one to {@code @name} (the method
 * kept), anything else a redirect to that URL: 302, or the line's {@code =301|302|303|307|308}. The answer keeps
 * the original status unless the line says {@code =CODE} (that code) or {@code =} (the target's own).
 *
 * <p>A request gets one error page; with {@code recursive_error_pages on} the page's target may have its own
 * errors redirected too, up to {@link InternalRedirect#MAX_CHANGES} redirects. Stateless; called on the
 * connection's event loop.
 */
final class ErrorPages {
  static final AsciiString WWW_AUTHENTICATE = AsciiString.cached("WWW-Authenticate");

  /** A header of an intercepted upstream answer kept for the error page's answer. */
  record Kept(AsciiString name, List<String> values) {}

  private ErrorPages() {}

  /**
   * Applies the page for {@code status} of {@code errors} to the current request of {@code frontend}, if any.
   *
   * @return whether the page took the request over (redirected or answered); false: answer the status as usual
   */
  static boolean redirect(FrontendHandler frontend, RequestContext request, ErrorPageSettings errors, int status) {
    if (request.errorPage || errors.pages().isEmpty() || InternalRedirect.exhausted(request)) {
      return false;
    }
    if (!errors.recursive()) {
      request.errorPage = true;
    }
    Optional<ErrorPage> found = errors.page(status);
    if (found.isEmpty()) {
      return false;
    }
    ErrorPage page = found.get();
    if (page.overwrite() != ErrorPage.KEEP) {
      request.errStatus = page.overwrite();
    }
    String target = page.target().render(request);
    if (target.startsWith("/")) {
      if (!request.request.method().equals(HttpMethod.HEAD)) {
        request.request.setMethod(HttpMethod.GET);
      }
      frontend.internalRedirect(target);
      return true;
    }
    if (target.startsWith("@")) {
      frontend.internalRedirect(target);
      return true;
    }
    int code = page.overwrite();
    request.errStatus = code == 301 || code == 302 || code == 303 || code == 307 || code == 308 ? code : 302;
    frontend.writeSpecial(request.errStatus, target);
    return true;
  }

  /** Adds the {@link RequestContext#keptHeaders} to {@code response}. */
  static void addKeptHeaders(HttpResponse response, RequestContext request) {
    List<Kept> kept = request.keptHeaders;
    for (int i = 0, n = kept.size(); i < n; i++) {
      response.headers().set(kept.get(i).name(), kept.get(i).values());
    }
  }
}
