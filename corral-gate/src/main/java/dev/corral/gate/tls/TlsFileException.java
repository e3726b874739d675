package dev.corral.gate.tls;

/**
 * A certificate, key or TLS parameter that cannot be used, with nginx's wording of the problem (for example
 * {@code cannot load certificate "/x.crt": BIO_new_file() failed (No such file or directory)}). The
 * configuration compiler adds the directive's file:line.
 */
public final class TlsFileException extends RuntimeException {
  public TlsFileException(String message) {
    super(message);
  }

  public TlsFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
