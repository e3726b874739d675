package dev.corral.gate.http;

import dev.corral.gate.config.ProxySettings;

/**
 * Told once about every request the gate finished, whichever way it ended: answered, failed, switched to a tunnel,
 * or cut short by the client (then its status is 499, or 408 when the client stopped sending its body). The access
 * log is one ({@link AccessLogObserver}); metrics and the dashboard are others.
 *
 * <p>What a request carries when its observers run: its status ({@link RequestContext#status()}), the bytes of
 * body sent ({@link RequestContext#bodyBytesSent()}) and received ({@code requestLength}), when it started
 * ({@link RequestContext#startNanos}, a {@link System#nanoTime()} value; {@code now} is the time it ended, from
 * the same clock), the server block ({@link RequestContext#serverName()}), the upstream side as nginx's
 * {@code $upstream_*} variables ({@code upstreamAddr}, {@code upstreamStatus}, {@link RequestContext#upstreamTimes})
 * and the limit decisions ({@code limitReqStatus}, {@code limitConnStatus}); every nginx variable is also
 * readable through {@link RequestContext#resolve}.
 *
 * <p>Registering: {@code GateEngine.observe(observer)} adds one to a running engine (effective for the requests
 * that end after it returns; the access log is always first). Observers are called on the client connection's
 * event loop, in the order they were added, by every event loop at once: an implementation must be thread-safe,
 * must not block and should not allocate per call (it runs on the gate's hot path); it must not keep
 * {@code request} (nor read it later from another thread) and must not change it. An exception thrown by one is
 * logged and the others still run.
 */
@FunctionalInterface
public interface RequestObserver {
  /**
   * {@code request} ended at {@code now} ({@link System#nanoTime()}); {@code settings} are the level it ended with
   * (its location's, else its server's).
   */
  void requestFinished(RequestContext request, ProxySettings settings, long now);
}
