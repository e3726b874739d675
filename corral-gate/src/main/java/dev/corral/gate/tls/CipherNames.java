package dev.corral.gate.tls;

/**
 * OpenSSL's name of a cipher suite from its IANA name ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256} →
 * {@code ECDHE-RSA-AES128-GCM-SHA256}), for {@code $ssl_cipher} on the JDK's engine. TLS 1.3 suites keep their
 * names, as in OpenSSL. Stateless.
 */
final class CipherNames {
  private CipherNames() {}

  static String openSsl(String iana) {
    if (iana == null || !iana.startsWith("TLS_") || !iana.contains("_WITH_")) {
      return iana == null ? "" : iana;
    }
    String body = iana.substring(4);
    int with = body.indexOf("_WITH_");
    String exchange = body.substring(0, with);
    String cipher = body.substring(with + 6);
    cipher = cipher.replace("AES_128_", "AES128-").replace("AES_256_", "AES256-")
        .replace("CHACHA20_POLY1305_SHA256", "CHACHA20-POLY1305").replace("CBC_", "").replace('_', '-');
    String prefix = exchange.equals("RSA") ? "" : exchange.replace('_', '-') + "-";
    return prefix + cipher;
  }
}
