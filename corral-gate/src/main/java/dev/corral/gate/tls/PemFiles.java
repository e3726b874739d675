package dev.corral.gate.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads {@code ssl_certificate} and {@code ssl_certificate_key} files as nginx does: a PEM chain (the server's
 * certificate first), a PEM key in any of OpenSSL's forms (PKCS#8, PKCS#1 RSA, SEC1 EC, encrypted PKCS#8 or the
 * legacy encrypted form), encrypted keys tried with each {@code ssl_password_file} line in turn, and a key that
 * must match the certificate. Errors are {@link TlsFileException}s in nginx's words. Stateless.
 */
public final class PemFiles {
  /** Used for decryption only, never registered process-wide. */
  private static final java.security.Provider BOUNCY_CASTLE =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  private PemFiles() {}

  /**
   * Reads one certificate / key pair.
   *
   * @param passwords the lines of {@code ssl_password_file}, tried in order for an encrypted key (may be empty)
   * @throws TlsFileException if a file cannot be read, holds no PEM certificate or key, no password opens the
   *     key, or the key does not match the certificate
   */
  public static CertificateKey load(Path certificate, Path key, List<String> passwords) {
    List<X509Certificate> chain = certificates(certificate);
    PrivateKey privateKey = privateKey(key, passwords);
    if (!KeyMatch.matches(chain.get(0).getPublicKey(), privateKey)) {
      throw new TlsFileException("SSL_CTX_use_PrivateKey(\"" + key + "\") failed (SSL: error:05800074:x509 "
          + "certificate routines::key values mismatch)");
    }
    return new CertificateKey(certificate, key, chain, privateKey);
  }

  /** The certificates of a PEM file, in file order. */
  static List<X509Certificate> certificates(Path file) {
    byte[] bytes = read(file, "cannot load certificate \"" + file + "\"");
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (var c : factory.generateCertificates(new java.io.ByteArrayInputStream(bytes))) {
        chain.add((X509Certificate) c);
      }
    } catch (CertificateException e) {
      throw new TlsFileException("cannot load certificate \"" + file + "\": PEM_read_bio_X509_AUX() failed "
          + "(SSL: error:0480006C:PEM routines::no start line:Expecting: TRUSTED CERTIFICATE)", e);
    }
    if (chain.isEmpty()) {
      throw new TlsFileException("cannot load certificate \"" + file + "\": PEM_read_bio_X509_AUX() failed "
          + "(SSL: error:0480006C:PEM routines::no start line:Expecting: TRUSTED CERTIFICATE)");
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file, List<String> passwords) {
    String what = "cannot load certificate key \"" + file + "\"";
    byte[] bytes = read(file, what);
    Object pem;
    try (Reader r = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      pem = parser.readObject();
      while (pem != null && !isKey(pem)) {
        pem = parser.readObject(); // an EC key file may start with "EC PARAMETERS"
      }
    } catch (IOException | RuntimeException e) {
      pem = null;
    }
    if (pem == null) {
      throw new TlsFileException(what + ": PEM_read_bio_PrivateKey() failed (SSL: error:1E08010C:DECODER "
          + "routines::unsupported:No supported data to decode.)");
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (pem instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (pem instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (IOException e) {
      throw new TlsFileException(what + ": " + e.getMessage(), e);
    }
    if (passwords.isEmpty()) {
      throw new TlsFileException(what + ": PEM_read_bio_PrivateKey() failed (SSL: error:1400006B:UI "
          + "routines::processing error:while reading strings)");
    }
    for (String password : passwords) {
      try {
        if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
          InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
              .setProvider(BOUNCY_CASTLE).build(password.toCharArray());
          return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
        }
        PEMEncryptedKeyPair encrypted = (PEMEncryptedKeyPair) pem;
        return converter.getKeyPair(encrypted.decryptKeyPair(
            new JcePEMDecryptorProviderBuilder().setProvider(BOUNCY_CASTLE).build(password.toCharArray())))
            .getPrivate();
      } catch (Exception wrongPassword) {
        // the next line of the password file may open it, as nginx tries each
      }
    }
    throw new TlsFileException(what + ": PEM_read_bio_PrivateKey() failed (SSL: error:1C800064:Provider "
        + "routines::bad decrypt)");
  }

  private static boolean isKey(Object pem) {
    return pem instanceof PrivateKeyInfo || pem instanceof PEMKeyPair || pem instanceof PEMEncryptedKeyPair
        || pem instanceof PKCS8EncryptedPrivateKeyInfo;
  }

  /**
   * The lines of an {@code ssl_password_file}, empty ones left out.
   *
   * @throws TlsFileException if the file cannot be read
   */
  public static List<String> passwords(Path file) {
    String text = new String(read(file, "cannot open \"" + file + "\""), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>(Arrays.asList(text.split("\r?\n")));
    out.removeIf(String::isEmpty);
    return List.copyOf(out);
  }

  private static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TlsFileException(what + ": BIO_new_file() failed (SSL: error:80000002:system library::No such "
          + "file or directory:calling fopen(" + file + ", r) error:10000080:BIO routines::no such file)", e);
    } catch (AccessDeniedException e) {
      throw new TlsFileException(what + ": BIO_new_file() failed (SSL: error:8000000D:system library::"
          + "Permission denied:calling fopen(" + file + ", r))", e);
    } catch (IOException e) {
      throw new TlsFileException(what + ": " + e.getMessage(), e);
    }
  }
}
