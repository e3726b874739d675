package dev.corral.gate.balance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The consistent-hash ring of {@code hash KEY consistent}, as nginx builds it (Cache::Memcached::Fast with
 * {@code ketama_points=160}): 160 points per unit of weight; a server's points are the chain
 * {@code crc32(host "\0" port prev)} where {@code prev} is the previous point as 4 little-endian bytes (0 at the
 * start); points are sorted and duplicates dropped. Immutable.
 */
final class KetamaRing {
  static final int POINTS_PER_WEIGHT = 160;
  static final KetamaRing EMPTY = new KetamaRing(new long[0], new Peer[0]);

  private final long[] hashes;
  private final Peer[] owners;

  private KetamaRing(long[] hashes, Peer[] owners) {
    this.hashes = hashes;
    this.owners = owners;
  }

  static KetamaRing build(List<Peer> peers) {
    int count = 0;
    for (Peer p : peers) {
      count += p.weight * POINTS_PER_WEIGHT;
    }
    long[][] points = new long[count][2];
    int n = 0;
    for (int index = 0; index < peers.size(); index++) {
      Peer peer = peers.get(index);
      byte[] base = (peer.server().host() + "\0" + peer.server().port()).getBytes(StandardCharsets.UTF_8);
      long prev = 0;
      for (int j = 0; j < peer.weight * POINTS_PER_WEIGHT; j++) {
        CRC32 crc = new CRC32();
        crc.update(base);
        crc.update(new byte[] {(byte) prev, (byte) (prev >>> 8), (byte) (prev >>> 16), (byte) (prev >>> 24)});
        long hash = crc.getValue();
        points[n][0] = hash;
        points[n][1] = index;
        n++;
        prev = hash;
      }
    }
    Arrays.sort(points, (a, b) -> Long.compare(a[0], b[0]));
    long[] hashes = new long[count];
    Peer[] owners = new Peer[count];
    int unique = 0;
    for (int i = 0; i < count; i++) {
      if (unique == 0 || hashes[unique - 1] != points[i][0]) {
        hashes[unique] = points[i][0];
        owners[unique] = peers.get((int) points[i][1]);
        unique++;
      }
    }
    return new KetamaRing(Arrays.copyOf(hashes, unique), Arrays.copyOf(owners, unique));
  }

  /** The index of the first point whose hash is ≥ {@code hash} (may equal {@link #size()}: wraps). */
  int find(long hash) {
    int i = Arrays.binarySearch(hashes, hash);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && hashes[i - 1] == hash) {
      i--;
    }
    return i;
  }

  Peer owner(int point) {
    return owners[point % owners.length];
  }

  int size() {
    return hashes.length;
  }
}
