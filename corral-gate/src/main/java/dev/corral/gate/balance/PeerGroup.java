package dev.corral.gate.balance;

import java.util.List;

/**
 * An immutable snapshot of an upstream's membership: the primaries and the backups, in configuration order.
 * Reconfiguration swaps a whole group atomically; a request keeps the group it started with for all its tries.
 *
 * @param totalWeight the sum of the primaries' weights, {@code down} ones included, so that hashing maps stably
 * @param ketama the consistent-hash ring of the primaries, built only for {@code hash ... consistent}
 */
record PeerGroup(List<Peer> primaries, List<Peer> backups, int totalWeight, KetamaRing ketama) {
  PeerGroup {
    primaries = List.copyOf(primaries);
    backups = List.copyOf(backups);
  }

  static PeerGroup of(List<Peer> primaries, List<Peer> backups, boolean buildRing) {
    int total = 0;
    for (Peer p : primaries) {
      total += p.weight;
    }
    return new PeerGroup(primaries, backups, total, buildRing ? KetamaRing.build(primaries) : KetamaRing.EMPTY);
  }

  /** nginx's {@code peers->single}: one primary and no backups, which skips failure accounting. */
  boolean single() {
    return primaries.size() == 1 && backups.isEmpty();
  }

  /** The tries a request may make: non-down primaries plus backups (nginx's {@code peer.tries}). */
  int maxTries() {
    int n = backups.size();
    for (Peer p : primaries) {
      if (!p.down) {
        n++;
      }
    }
    return n;
  }
}
