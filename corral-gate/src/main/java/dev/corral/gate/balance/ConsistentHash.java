package dev.corral.gate.balance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * nginx's {@code hash KEY consistent} (ketama): start at the first ring point ≥ {@code crc32(key)}; among the peers
 * owning that point that are usable and untried, smooth weighted round robin picks; if none, move to the next
 * point. After 20 points, an empty key, or fewer than two peers, round robin decides.
 */
final class ConsistentHash implements Strategy {
  @Override
  public Peer select(List<Peer> peers, Selection selection, long now) {
    KetamaRing ring = selection.group.ketama();
    if (selection.hashTries > IpHash.MAX_TRIES || peers.size() < 2 || selection.hashKey.isEmpty()
        || ring.size() == 0) {
      return SmoothRoundRobin.INSTANCE.select(peers, selection, now);
    }
    if (!selection.hashStarted) {
      CRC32 crc = new CRC32();
      crc.update(selection.hashKey.getBytes(StandardCharsets.UTF_8));
      selection.hash = ring.find(crc.getValue());
      selection.hashStarted = true;
    }
    while (true) {
      Peer owner = ring.owner((int) (selection.hash % ring.size()));
      if (!selection.tried.contains(owner) && owner.usable(now)) {
        // nginx runs smooth round robin over the peers sharing the point's server name; names are unique here.
        int total = owner.effectiveWeight;
        owner.currentWeight += total;
        if (owner.effectiveWeight < owner.weight) {
          owner.effectiveWeight++;
        }
        owner.currentWeight -= total;
        selection.tried.add(owner);
        owner.selected(now);
        return owner;
      }
      selection.hash++;
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
