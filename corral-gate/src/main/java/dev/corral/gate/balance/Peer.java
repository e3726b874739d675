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
  /** The configured server; replaced (weight, down) by the upstream under its lock, read from any thread. */
  private volatile UpstreamServer server;
  private final String address;
  /** nginx Plus's server id: unique within the upstream, assigned when the peer is created, never reused. */
  final int id;
  /** The configured weight; changed at run time only by {@link Upstream#setWeight}. */
  int weight;
  final int maxFails;
  final long failTimeoutNanos;
  final int maxConns;
  /**
   * Whether the server is {@code down} (in the config or set at run time). Volatile: {@link PeerGroup#maxTries}
   * reads it outside the lock.
   */
  volatile boolean down;
  /** Corral slow start: the ramp time after recovery, 0 for none. */
  final long slowStartNanos;

  // Guarded by the upstream lock.
  int currentWeight;
  int effectiveWeight;
  int fails;
  long accessed;
  long checked;
  int conns;
  boolean draining;
  /** Set by an active health check that saw {@code fall} failures in a row; cleared after {@code rise} passes. */
  boolean unhealthy;
  /** When the peer last recovered from being unavailable, for slow start; meaningful while {@link #ramping}. */
  long recoveredAt;
  boolean ramping;
  /** Corral least_request: exponentially weighted moving average of response latency, in nanoseconds. */
  double latencyEwmaNanos;

  Peer(int id, UpstreamServer server, long now) {
    this.id = id;
    this.server = server;
    this.address = server.address();
    this.weight = server.weight();
    this.maxFails = server.maxFails();
    this.failTimeoutNanos = server.failTimeout().toNanos();
    this.maxConns = server.maxConns();
    this.down = server.down();
    this.slowStartNanos = server.slowStart().toNanos();
    this.effectiveWeight = weight;
    this.accessed = now - failTimeoutNanos - 1;
    this.checked = accessed;
  }

  /** The configured server. */
  public UpstreamServer server() {
    return server;
  }

  /** Changes the weight (nginx Plus's PATCH {@code weight}): the weighted passes start over. Under the lock. */
  void reweigh(int newWeight) {
    server = new UpstreamServer(server.host(), server.port(), newWeight, server.maxFails(), server.failTimeout(),
        server.maxConns(), server.backup(), server.down(), server.slowStart());
    weight = newWeight;
    effectiveWeight = newWeight;
    currentWeight = 0;
  }

  /** Marks the server down or up (nginx Plus's PATCH {@code down}). Under the lock. */
  void markDown(boolean isDown) {
    server = new UpstreamServer(server.host(), server.port(), server.weight(), server.maxFails(),
        server.failTimeout(), server.maxConns(), server.backup(), isDown, server.slowStart());
    down = isDown;
  }

  /** {@code host:port}. */
  public String address() {
    return address;
  }

  /** nginx's eligibility test at selection time (reference §1.3); call with the upstream lock held. */
  boolean usable(long now) {
    if (down || draining || unhealthy) {
      return false;
    }
    if (maxFails > 0 && fails >= maxFails && now - checked <= failTimeoutNanos) {
      return false;
    }
    return maxConns == 0 || conns < maxConns;
  }

  /**
   * The weight a weighted pass adds for this peer: {@code effectiveWeight}, capped during slow start by a ramp
   * from 1 to {@code weight}. Without slow start it is exactly nginx's {@code effective_weight}.
   */
  int pickWeight(long now) {
    if (!ramping) {
      return effectiveWeight;
    }
    long elapsed = now - recoveredAt;
    if (elapsed >= slowStartNanos) {
      ramping = false;
      return effectiveWeight;
    }
    int ramp = (int) Math.max(1, weight * elapsed / slowStartNanos);
    return Math.min(effectiveWeight, ramp);
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
      if (slowStartNanos > 0 && maxFails > 0 && fails >= maxFails) {
        ramping = true;
        recoveredAt = now;
      }
      fails = 0;
    }
    conns--;
  }

  @Override
  public String toString() {
    return address();
  }
}
