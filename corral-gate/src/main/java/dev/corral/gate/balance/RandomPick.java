package dev.corral.gate.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * nginx's {@code random [two [least_conn]]}: a peer drawn with probability proportional to its weight; with
 * {@code two}, two distinct usable peers are drawn and the one with fewer connections per unit of weight wins (the
 * first drawn on a tie). An unusable or tried draw counts as a try; after 20, or with fewer than two peers, round
 * robin decides. The random source is injected so tests are deterministic.
 */
final class RandomPick implements Strategy {
  private final boolean two;
  private final RandomGenerator random;

  RandomPick(boolean two, RandomGenerator random) {
    this.two = two;
    this.random = random;
  }

  @Override
  public Peer select(List<Peer> peers, Selection selection, long now) {
    if (selection.hashTries > IpHash.MAX_TRIES || peers.size() < 2) {
      return SmoothRoundRobin.INSTANCE.select(peers, selection, now);
    }
    int total = selection.group.totalWeight();
    Peer first = null;
    while (true) {
      Peer peer = WeightWalk.at(peers, random.nextInt(total));
      if (peer != first && !selection.tried.contains(peer) && peer.usable(now)) {
        if (!two) {
          return choose(peer, selection, now);
        }
        if (first != null) {
          boolean secondBetter = (long) peer.conns * first.weight < (long) first.conns * peer.weight;
          return choose(secondBetter ? peer : first, selection, now);
        }
        first = peer;
      }
      if (++selection.hashTries > IpHash.MAX_TRIES) {
        return SmoothRoundRobin.INSTANCE.select(peers, selection, now);
      }
    }
  }

  private static Peer choose(Peer peer, Selection selection, long now) {
    selection.tried.add(peer);
    peer.selected(now);
    return peer;
  }

  @Override
  public boolean usesBackups() {
    return false;
  }
}
