package dev.corral.gate.balance;

import java.util.List;

/**
 * A balancing method: chooses one usable, untried peer among {@code peers} or returns null. Called with the
 * upstream lock held, so it may read and write peer state freely; it must not block. Implementations mark the
 * chosen peer as tried and call {@link Peer#selected}.
 */
interface Strategy {
  Peer select(List<Peer> peers, Selection selection, long now);

  /** Whether the backup peers are tried when no primary is usable (not for the hash and random methods). */
  default boolean usesBackups() {
    return true;
  }
}
