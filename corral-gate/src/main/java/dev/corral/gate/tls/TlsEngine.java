package dev.corral.gate.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/**
 * The TLS implementation the gate runs: OpenSSL (BoringSSL, from {@code netty-tcnative-boringssl-static}) where
 * its native library loads, else the JDK's. The system property {@code corral.tls.engine=jdk} forces the JDK's
 * (to compare, or where the native library misbehaves). Decided once per process; thread-safe.
 */
public enum TlsEngine {
  OPENSSL, JDK;

  /** The system property that forces an engine ({@code jdk} or {@code openssl}). */
  public static final String PROPERTY = "corral.tls.engine";

  private static final TlsEngine CURRENT = choose();

  /** The engine of this process. */
  public static TlsEngine current() {
    return CURRENT;
  }

  /** Netty's provider for this engine. */
  SslProvider provider() {
    return this == OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /**
   * A line for {@code corral gate -t} and the start-up notice: {@code OpenSSL (BoringSSL)}, or {@code JDK} with
   * why OpenSSL is not used.
   */
  public String describe() {
    if (this == OPENSSL) {
      return "OpenSSL (" + OpenSsl.versionString() + ")";
    }
    String forced = System.getProperty(PROPERTY, "");
    if (forced.equalsIgnoreCase("jdk")) {
      return "JDK (" + PROPERTY + "=jdk)";
    }
    Throwable why = OpenSsl.unavailabilityCause();
    return "JDK (OpenSSL unavailable: " + (why == null ? "unknown" : why.getMessage()) + ")";
  }

  private static TlsEngine choose() {
    String forced = System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT);
    if (forced.equals("jdk")) {
      return JDK;
    }
    return OpenSsl.isAvailable() ? OPENSSL : JDK;
  }
}
