package dev.corral.gate.balance;

import java.util.List;

/**
 * nginx's {@code least_conn}: the usable untried peer with the fewest active connections per unit of weight
 * (compared as {@code conns × best.weight < best.conns × weight}); peers tied with it are balanced by smooth
 * weighted round robin among themselves. Counts are global to the process, so this is exact across event loops.
 */
final class LeastConn implements Strategy {
  @Override
  public Peer select(List<Peer> peers, Selection selection, long now) {
    Peer best = null;
    int bestIndex = -1;
    boolean many = false;
    for (int i = 0; i < peers.size(); i++) {
      Peer peer = peers.get(i);
      if (selection.tried.contains(peer) || !peer.usable(now)) {
        continue;
      }
      if (best == null || (long) peer.conns * best.weight < (long) best.conns * peer.weight) {
        best = peer;
        bestIndex = i;
        many = false;
      } else if ((long) peer.conns * best.weight == (long) best.conns * peer.weight) {
        many = true;
      }
    }
    if (best == null) {
      return null;
    }
    int total = 0;
    if (many) {
      Peer leader = best;
      for (int i = bestIndex; i < peers.size(); i++) {
        Peer peer = peers.get(i);
        if (selection.tried.contains(peer) || !peer.usable(now)
            || (long) peer.conns * leader.weight != (long) leader.conns * peer.weight) {
          continue;
        }
        int w = peer.pickWeight(now);
        peer.currentWeight += w;
        total += w;
        if (peer.effectiveWeight < peer.weight) {
          peer.effectiveWeight++;
        }
        if (peer.currentWeight > best.currentWeight) {
          best = peer;
        }
      }
    }
    best.currentWeight -= total;
    selection.tried.add(best);
    best.selected(now);
    return best;
  }
}
