package dev.corral.gate.balance;

import dev.corral.gate.config.UpstreamServer;

/**
 * A consistent snapshot of one peer's state, for tests, stats, the runtime API and the process manager.
 *
 * @param activeConnections requests in flight on the peer now (nginx Plus's {@code active})
 * @param healthy false when an active health check has taken the peer out
 * @param id the server's id within its upstream (nginx Plus's {@code id}), stable while it is a member
 * @param weight the configured weight ({@code effectiveWeight} drops after failures)
 * @param down whether the server is marked {@code down}
 * @param state what the balancer makes of it now
 * @param server its configuration at that moment (weight and down as changed at run time)
 */
public record PeerStatus(String address, boolean backup, int activeConnections, int fails, int effectiveWeight,
    boolean draining, boolean healthy, int id, int weight, boolean down, State state, UpstreamServer server) {

  /** nginx Plus's peer states, by precedence: down, draining, unhealthy, unavail, up. */
  public enum State {
    /** Takes requests. */
    UP("up"),
    /** Marked {@code down}: takes no requests. */
    DOWN("down"),
    /** Drained: takes no new requests, its in-flight ones finish. */
    DRAINING("draining"),
    /** Taken out by the active health check. */
    UNHEALTHY("unhealthy"),
    /** {@code max_fails} failures within {@code fail_timeout}: out until the timeout passes. */
    UNAVAIL("unavail");

    private final String label;

    State(String label) {
      this.label = label;
    }

    /** The name nginx Plus's API uses ({@code up}, {@code down}, {@code draining}, {@code unhealthy}, {@code unavail}). */
    public String label() {
      return label;
    }
  }
}
