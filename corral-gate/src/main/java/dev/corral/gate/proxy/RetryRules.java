package dev.corral.gate.proxy;

import dev.corral.gate.config.NextUpstream;
import dev.corral.gate.config.ProxySettings;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Optional;
import java.util.Set;

/**
 * nginx's {@code proxy_next_upstream} rules: when a failed try may move to the next server, and the status sent
 * when the request gives up. Stateless.
 */
final class RetryRules {
  private static final Set<HttpMethod> NON_IDEMPOTENT = Set.of(HttpMethod.POST, HttpMethod.PATCH,
      HttpMethod.valueOf("LOCK"));

  private RetryRules() {}

  /**
   * Whether the request may be sent again as far as its method goes: not a non-idempotent request that reached
   * the server, unless {@code non_idempotent} is listed. (The body must also be replayable.)
   */
  static boolean allowed(HttpMethod method, ProxySettings settings, boolean sentThisTry) {
    return !sentThisTry || !NON_IDEMPOTENT.contains(method)
        || settings.nextUpstream().contains(NextUpstream.NON_IDEMPOTENT);
  }

  /** The condition an upstream status stands for, if {@code proxy_next_upstream} lists it. */
  static Optional<NextUpstream> listedStatus(ProxySettings settings, int status) {
    Optional<NextUpstream> condition = NextUpstream.forStatus(status);
    return condition.isPresent() && settings.nextUpstream().contains(condition.get()) ? condition
        : Optional.empty();
  }

  /** Whether a retried status counts as a failure of the server (403 and 404 do not, as in nginx). */
  static boolean countsAsFailure(int status) {
    return status != 403 && status != 404;
  }

  /** The status for a request that gives up: 504 after a timeout, 502 otherwise. */
  static int giveUpStatus(NextUpstream reason) {
    return reason == NextUpstream.TIMEOUT || reason == NextUpstream.HTTP_504 ? 504 : 502;
  }
}
