package dev.corral.gate.tls;

import io.netty.buffer.ByteBuf;

/**
 * Reads from a ClientHello (the handshake body, from {@code client_version} on) whether the client can be served
 * with an ECDSA certificate: an ECDHE-ECDSA suite for TLS 1.2 and below, or TLS 1.3 with an ECDSA signature
 * algorithm. A malformed hello reads as "no" (the handshake then fails on its own). Stateless.
 */
final class ClientHelloOffers {
  private static final int EXT_SIGNATURE_ALGORITHMS = 0x000d;
  private static final int EXT_SUPPORTED_VERSIONS = 0x002b;
  private static final int TLS13 = 0x0304;

  private ClientHelloOffers() {}

  static boolean ecdsa(ByteBuf hello) {
    try {
      int at = hello.readerIndex() + 34; // version (2) + random (32)
      int end = hello.writerIndex();
      at += 1 + hello.getUnsignedByte(at); // session id
      int suitesLength = hello.getUnsignedShort(at);
      at += 2;
      boolean ecdsaSuite = false;
      for (int i = 0; i < suitesLength; i += 2) {
        ecdsaSuite |= isEcdsaSuite(hello.getUnsignedShort(at + i));
      }
      at += suitesLength;
      at += 1 + hello.getUnsignedByte(at); // compression methods
      if (at + 2 > end) {
        return ecdsaSuite;
      }
      int extensionsEnd = Math.min(end, at + 2 + hello.getUnsignedShort(at));
      at += 2;
      boolean tls13 = false;
      boolean ecdsaSignature = false;
      while (at + 4 <= extensionsEnd) {
        int type = hello.getUnsignedShort(at);
        int length = hello.getUnsignedShort(at + 2);
        int body = at + 4;
        if (type == EXT_SUPPORTED_VERSIONS) {
          int n = hello.getUnsignedByte(body);
          for (int i = 0; i + 1 < n; i += 2) {
            tls13 |= hello.getUnsignedShort(body + 1 + i) == TLS13;
          }
        } else if (type == EXT_SIGNATURE_ALGORITHMS) {
          int n = hello.getUnsignedShort(body);
          for (int i = 0; i + 1 < n; i += 2) {
            ecdsaSignature |= hello.getUnsignedByte(body + 2 + i + 1) == 0x03; // SignatureAndHashAlgorithm: ecdsa
          }
        }
        at = body + length;
      }
      return ecdsaSuite || tls13 && ecdsaSignature;
    } catch (IndexOutOfBoundsException malformed) {
      return false;
    }
  }

  /** The ECDHE-ECDSA suites (RFC 8422, RFC 5289, RFC 7905). */
  private static boolean isEcdsaSuite(int suite) {
    return suite >= 0xC006 && suite <= 0xC00A || suite == 0xC023 || suite == 0xC024 || suite == 0xC02B
        || suite == 0xC02C || suite == 0xCCA9;
  }
}
