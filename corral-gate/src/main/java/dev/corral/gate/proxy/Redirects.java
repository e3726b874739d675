package dev.corral.gate.proxy;

/**
 * The Location of a redirect the gate makes itself (a directory without its slash), made absolute as nginx's
 * header filter does with {@code absolute_redirect on}: {@code http://HOST[:PORT]PATH}, the host from the request's
 * Host header (else the server's name, else the local address) and the port of the listening socket unless it is
 * 80 ({@code port_in_redirect on}). Stateless.
 */
final class Redirects {
  private Redirects() {}

  /** {@code path} (starting with {@code /}) as an absolute URL for {@code request}. */
  static String absolute(RequestContext request, String path) {
    String host = request.request.headers().contains(HeaderNames.HOST) ? request.host() : "";
    if (host.isEmpty()) {
      host = request.serverName;
    }
    if (host.isEmpty()) {
      host = request.local.getAddress() == null ? request.local.getHostString()
          : request.local.getAddress().getHostAddress();
    }
    int port = request.local.getPort();
    return "http://" + host + (port == 80 ? "" : ":" + port) + path;
  }
}
