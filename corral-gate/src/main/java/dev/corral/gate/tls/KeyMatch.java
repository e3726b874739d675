package dev.corral.gate.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

/** Whether a private key belongs to a certificate's public key (nginx: "key values mismatch"). Stateless. */
final class KeyMatch {
  private static final byte[] PROBE = "corral key match probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private KeyMatch() {}

  static boolean matches(PublicKey certificateKey, PrivateKey key) {
    if (!certificateKey.getAlgorithm().equals(key.getAlgorithm())) {
      return false;
    }
    if (certificateKey instanceof RSAPublicKey pub && key instanceof RSAPrivateKey priv) {
      return pub.getModulus().equals(priv.getModulus());
    }
    // Other kinds (EC, EdDSA): a signature made with the key must verify with the certificate's key.
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "DSA" -> "SHA256withDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448
    };
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificateKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
