package dev.corral.gate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An address or CIDR block ({@code 192.0.2.1}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}), as nginx's
 * {@code set_real_ip_from} takes it. Immutable and thread-safe.
 */
public final class AddressRange {
  private final byte[] network;
  private final int bits;
  private final String text;

  private AddressRange(byte[] network, int bits, String text) {
    this.network = network;
    this.bits = bits;
    this.text = text;
  }

  /** Parses {@code text}, or empty if it is not a literal address with an optional {@code /bits}. */
  static Optional<AddressRange> parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (address.isEmpty() || !(address.indexOf(':') >= 0 || address.chars().allMatch(c -> c == '.'
        || Character.isDigit(c)))) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      // Literal addresses only (checked above), so no name is looked up.
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return Optional.empty();
    }
    int max = bytes.length * 8;
    int bits = max;
    if (slash >= 0) {
      String b = text.substring(slash + 1);
      if (b.isEmpty() || b.length() > 3 || !b.chars().allMatch(Character::isDigit) || Integer.parseInt(b) > max) {
        return Optional.empty();
      }
      bits = Integer.parseInt(b);
    }
    return Optional.of(new AddressRange(bytes, bits, text));
  }

  /** Whether {@code address} is in this range (an IPv4 range never holds an IPv6 address, nor the reverse). */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
