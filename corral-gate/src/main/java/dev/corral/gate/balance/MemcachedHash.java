package dev.corral.gate.balance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * nginx's {@code hash KEY} (not consistent), compatible with Cache::Memcached: each round adds
 * {@code (crc32([rehash] key) >> 16) & 0x7fff} to the running hash, where {@code rehash} is the decimal round
 * number written before the key from the second round on; {@code hash mod totalWeight} is walked by weight. An
 * unusable or tried peer starts another round; after 20, an empty key, or fewer than two peers, round robin
 * decides.
 */
final class MemcachedHash implements Strategy {
  @Override
  public Peer select(List<Peer> peers, Selection selection, long now) {
    if (selection.hashTries > IpHash.MAX_TRIES || peers.size() < 2 || selection.hashKey.isEmpty()) {
      return SmoothRoundRobin.INSTANCE.select(peers, selection, now);
    }
    byte[] key = selection.hashKey.getBytes(StandardCharsets.UTF_8);
    int total = selection.group.totalWeight();
    while (true) {
      CRC32 crc = new CRC32();
      if (selection.rehash > 0) {
        crc.update(Integer.toString(selection.rehash).getBytes(StandardCharsets.US_ASCII));
      }
      crc.update(key);
      selection.hash += (crc.getValue() >>> 16) & 0x7fff;
      selection.rehash++;
      Peer peer = WeightWalk.at(peers, (int) (selection.hash % total));
      if (!selection.tried.contains(peer) && peer.usable(now)) {
        selection.tried.add(peer);
        peer.selected(now);
        return peer;
      }
      if (++selection.hashTries > IpHash.MAX_TRIES) {
        return SmoothRoundRobin.INSTANCE.select(peers, selection, now);
      }
    }
  }

  @Override
  public boolean usesBackups() {
    return false;
  }
}
