package dev.corral.gate.balance;

import java.util.List;

/** nginx's walk from a point in {@code [0, totalWeight)} to the peer owning it: subtract weights in order. */
final class WeightWalk {
  private WeightWalk() {}

  static Peer at(List<Peer> peers, int w) {
    int i = 0;
    while (w >= peers.get(i).weight) {
      w -= peers.get(i).weight;
      i++;
    }
    return peers.get(i);
  }
}
