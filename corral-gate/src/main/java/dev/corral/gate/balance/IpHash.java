package dev.corral.gate.balance;

import java.util.List;

/**
 * nginx's {@code ip_hash}: the key is the first three octets of an IPv4 client (all 16 bytes of IPv6); starting
 * from 89, {@code hash = (hash × 113 + byte) mod 6271} over the key, and {@code hash mod totalWeight} is walked by
 * weight (down peers included, so the mapping stays stable). An unusable or tried peer rehashes by running the
 * loop again from the current hash; after 20 rehashes, or with fewer than two peers, round robin decides.
 */
final class IpHash implements Strategy {
  static final int MAX_TRIES = 20;

  @Override
  public Peer select(List<Peer> peers, Selection selection, long now) {
    byte[] address = selection.clientAddress;
    if (selection.hashTries > MAX_TRIES || peers.size() < 2 || address.length == 0) {
      return SmoothRoundRobin.INSTANCE.select(peers, selection, now);
    }
    int keyLength = address.length == 4 ? 3 : address.length;
    long hash = selection.hashStarted ? selection.hash : 89;
    selection.hashStarted = true;
    int total = selection.group.totalWeight();
    while (true) {
      for (int i = 0; i < keyLength; i++) {
        hash = (hash * 113 + (address[i] & 0xff)) % 6271;
      }
      Peer peer = WeightWalk.at(peers, (int) (hash % total));
      if (!selection.tried.contains(peer) && peer.usable(now)) {
        selection.hash = hash;
        selection.tried.add(peer);
        peer.selected(now);
        return peer;
      }
      if (++selection.hashTries > MAX_TRIES) {
        selection.hash = hash;
        return SmoothRoundRobin.INSTANCE.select(peers, selection, now);
      }
    }
  }

  @Override
  public boolean usesBackups() {
    return false;
  }
}
