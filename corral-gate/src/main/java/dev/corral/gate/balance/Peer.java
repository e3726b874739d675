package dev.corral.gate.balance;

import dev.corral.gate.config.UpstreamServer;

/**
 * One server of an upstream and its balancing state, with nginx's fields: {@code currentWeight},
 * {@code effectiveWeight}, {@code fails}, {@code accessed} (time of the last failure), {@code checked} and
 * {@code conns}.
 *
 * <p>Thread-safety: the mutable fields are guarded by the lock of the {@link Upstream} the peer belongs to; every
 * read and write happens inside it, so counts are exact across event loops. {@link #server()} is immutable.
 */
public final class Peer {
  private final UpstreamServer server;
  private final String address;
  final int weight;
  final int maxFails;
  final long failTimeoutNanos;
  final int maxConns;
  /** Whether the server is {@code down} in the config; a drained peer is also treated as down. */
  final boolean down;

  // Guarded by the upstream lock.
  int currentWeight;
  int effectiveWeight;
  int fails;
  long accessed;
  long checked;
  int conns;
  boolean draining;
  /** Corral least_request: exponentially weighted moving average of response latency, in nanoseconds. */
  double latencyEwmaNanos;

  Peer(UpstreamServer server, long now) {
    this.server = server;
    this.address = server.address();
    this.weight = server.weight();
    this.maxFails = server.maxFails();
    this.failTimeoutNanos = server.failTimeout().toNanos();
    this.maxConns = server.maxConns();
    this.down = server.down();
    this.effectiveWeight = weight;
    this.accessed = now - failTimeoutNanos - 1;
    this.checked = accessed;
  }

  /** The configured server. */
  public UpstreamServer server() {
    return server;
  }

  /** {@code host:port}. */
  public String address() {
    return address;
  }

  /** nginx's eligibility test at selection time (reference §1.3); call with the upstream lock held. */
  boolean usable(long now) {
    if (down || draining) {
      return false;
    }
    if (maxFails > 0 && fails >= maxFails && now - checked <= failTimeoutNanos) {
      return false;
    }
    return maxConns == 0 || conns < maxConns;
  }

  /** After a peer is chosen: starts a new probe window once the old one has expired. */
  void selected(long now) {
    if (now - checked > failTimeoutNanos) {
      checked = now;
    }
    conns++;
  }

  /** nginx's free: count a failure (and lower effectiveWeight) or clear failures after a successful probe. */
  void release(Outcome outcome, long now) {
    if (outcome == Outcome.FAILURE) {
      fails++;
      accessed = now;
      checked = now;
      if (maxFails > 0) {
        effectiveWeight -= weight / maxFails;
      }
      if (effectiveWeight < 0) {
        effectiveWeight = 0;
      }
    } else if (accessed - checked < 0) {
      fails = 0;
    }
    conns--;
  }

  @Override
  public String toString() {
    return address();
  }
}
