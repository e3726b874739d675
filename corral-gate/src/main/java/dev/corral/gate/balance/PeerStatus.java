package dev.corral.gate.balance;

/**
 * A consistent snapshot of one peer's state, for tests, stats and the process manager.
 *
 * @param healthy false when an active health check has taken the peer out
 */
public record PeerStatus(String address, boolean backup, int activeConnections, int fails, int effectiveWeight,
    boolean draining, boolean healthy) {}
