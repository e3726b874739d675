package dev.corral.gate.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One {@code ssl_certificate} / {@code ssl_certificate_key} pair, read and checked when the configuration is
 * loaded: a reload reads the files again, so a rotated certificate is picked up there and nowhere else.
 * Immutable.
 *
 * @param certificateFile the PEM file of the chain, the server's certificate first
 * @param keyFile the PEM file of the private key
 * @param chain the certificates in file order, never empty
 * @param key the private key, matching {@code chain.get(0)}
 */
public record CertificateKey(Path certificateFile, Path keyFile, List<X509Certificate> chain, PrivateKey key) {
  public CertificateKey {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain: [] (expected: at least one certificate)");
    }
  }

  /** The key algorithm ({@code RSA}, {@code EC}…), which decides the cipher suites this pair can serve. */
  public String algorithm() {
    return key.getAlgorithm();
  }
}
