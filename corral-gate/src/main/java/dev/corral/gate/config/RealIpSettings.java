package dev.corral.gate.config;

import java.util.List;

/**
 * nginx's realip module for one level. Immutable.
 *
 * @param from {@code set_real_ip_from} addresses and blocks: only a connection from one of them may name the client
 *     (a level with its own lines drops its parent's)
 * @param fromUnix {@code set_real_ip_from unix:}: connections on UNIX-domain sockets are trusted too
 * @param header {@code real_ip_header}, default {@code X-Real-IP}; {@code X-Forwarded-For} is read right to left
 * @param recursive {@code real_ip_recursive}, default off: skip trusted addresses from the right of the list
 */
public record RealIpSettings(List<AddressRange> from, boolean fromUnix, String header, boolean recursive) {
  public RealIpSettings {
    from = List.copyOf(from);
  }

  static RealIpSettings defaults() {
    return new RealIpSettings(List.of(), false, "X-Real-IP", false);
  }

  /** Whether any address is trusted (without {@code set_real_ip_from} nothing changes). */
  public boolean enabled() {
    return !from.isEmpty() || fromUnix;
  }
}
