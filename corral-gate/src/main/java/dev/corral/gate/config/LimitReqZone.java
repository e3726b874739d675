package dev.corral.gate.config;

/**
 * {@code limit_req_zone KEY zone=NAME:SIZE rate=R}: a named table of request rates, one entry per value of KEY.
 *
 * @param key the key expression; a request whose key renders empty is not limited by the zone
 * @param rateMilliRequests nginx's {@code ctx->rate}: requests per second × 1000 ({@code 1r/m} is 16)
 * @param size the zone's SIZE in bytes; it bounds the keys held ({@link #maxKeys()})
 */
public record LimitReqZone(String name, Template key, long rateMilliRequests, long size, SourcePosition position) {
  /** nginx: "one megabyte zone can keep about 16 thousand 64-byte states". */
  static final int BYTES_PER_KEY = 64;

  /** The keys the zone holds at most; beyond that the least recently used one is evicted. */
  public int maxKeys() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, size / BYTES_PER_KEY));
  }

  /** Whether {@code other} defines the same zone (a reload keeps the zone's state then). */
  public boolean sameDefinition(LimitReqZone other) {
    return name.equals(other.name) && key.toString().equals(other.key.toString())
        && rateMilliRequests == other.rateMilliRequests && size == other.size;
  }
}
