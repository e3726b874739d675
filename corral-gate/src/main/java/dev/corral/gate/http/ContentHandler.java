package dev.corral.gate.http;


/**
 * The content phase of a location: what answers a request once routing and the {@link AccessPhase}s let it through
 * ({@code proxy_pass}, {@code return}; static files and the admin API are the next ones). One instance per
 * location, chosen when the configuration is loaded ({@link LocationRoute}); it keeps no per-request state, so
 * serving a request allocates only what the answer itself needs.
 *
 * <p>Called on the client connection's event loop. A handler answers through the {@link FrontendHandler}: a local
 * response with {@link FrontendHandler#writeLocal}, or a {@link UpstreamCall} handed over with
 * {@link FrontendHandler#startCall}; errors become {@link FrontendHandler#failRequest}, never exceptions.
 */
public interface ContentHandler {
  /** Answers {@code request}, admitted to this handler's location, on {@code frontend}'s connection. */
  void serve(FrontendHandler frontend, RequestContext request);
}
