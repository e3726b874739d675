package dev.corral.gate.balance;

import java.util.List;

/**
 * nginx's smooth weighted round robin, bit-exact ({@code ngx_http_upstream_get_peer}): each usable untried peer's
 * {@code currentWeight} grows by its {@code effectiveWeight}, the largest wins (the first on a tie), and the winner
 * gives back the total. {@code effectiveWeight}, lowered by failures, climbs back by one per pass. For weights
 * 5, 1, 1 this yields a a b a c a a. Stateless; state lives in the peers.
 */
final class SmoothRoundRobin implements Strategy {
  static final SmoothRoundRobin INSTANCE = new SmoothRoundRobin();

  @Override
  public Peer select(List<Peer> peers, Selection selection, long now) {
    Peer best = null;
    int total = 0;
    for (Peer peer : peers) {
      if (selection.tried.contains(peer) || !peer.usable(now)) {
        continue;
      }
      int w = peer.pickWeight(now);
      peer.currentWeight += w;
      total += w;
      if (peer.effectiveWeight < peer.weight) {
        peer.effectiveWeight++;
      }
      if (best == null || peer.currentWeight > best.currentWeight) {
        best = peer;
      }
    }
    if (best == null) {
      return null;
    }
    best.currentWeight -= total;
    selection.tried.add(best);
    best.selected(now);
    return best;
  }
}
