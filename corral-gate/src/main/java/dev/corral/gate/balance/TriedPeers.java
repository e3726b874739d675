package dev.corral.gate.balance;

import java.util.Arrays;

/**
 * The peers one request has tried, compared by identity: a small array with a linear scan, which beats a hash set
 * for the handful of tries a request makes and allocates nothing until the second try. Not thread-safe; owned by
 * one {@link Selection}.
 */
final class TriedPeers {
  private Peer[] peers = new Peer[2];
  private int size;

  boolean contains(Peer peer) {
    for (int i = 0; i < size; i++) {
      if (peers[i] == peer) {
        return true;
      }
    }
    return false;
  }

  void add(Peer peer) {
    if (contains(peer)) {
      return;
    }
    if (size == peers.length) {
      peers = Arrays.copyOf(peers, size * 2);
    }
    peers[size++] = peer;
  }
}
