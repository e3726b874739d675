package dev.corral.gate.proxy;

/**
 * Told the result of every active health-check probe ({@code health_check}), pass or fail, before the
 * {@code fall}/{@code rise} counting decides whether the server's state changes. Registered with
 * {@link GateEngine#observeHealthChecks}; called on the event loop that runs the check, so it must be quick, must
 * not block and must not throw.
 */
@FunctionalInterface
public interface HealthCheckListener {
  /**
   * One probe's result.
   *
   * @param upstream the upstream group's name
   * @param server the probed server's address as configured ({@code host:port})
   * @param passed whether the answer passed the check (a refused connection, a timeout or a failed
   *     {@code match} does not)
   */
  void checked(String upstream, String server, boolean passed);
}
