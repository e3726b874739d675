package dev.corral.gate.config;

/**
 * {@code limit_conn_zone KEY zone=NAME:SIZE}: a named table of requests in progress, one counter per value of KEY.
 *
 * @param key the key expression; a request whose key renders empty is not limited by the zone
 * @param size the zone's SIZE in bytes; it bounds the keys with requests in progress ({@link #maxKeys()})
 */
public record LimitConnZone(String name, Template key, long size, SourcePosition position) {
  /** nginx: "one megabyte zone can keep about 32 thousand 32-byte states". */
  static final int BYTES_PER_KEY = 32;

  /** The keys that may have requests in progress at once; a request for one more key gets the zone's status. */
  public int maxKeys() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, size / BYTES_PER_KEY));
  }

  /** Whether {@code other} defines the same zone (a reload keeps the zone's counters then). */
  public boolean sameDefinition(LimitConnZone other) {
    return name.equals(other.name) && key.toString().equals(other.key.toString()) && size == other.size;
  }
}
