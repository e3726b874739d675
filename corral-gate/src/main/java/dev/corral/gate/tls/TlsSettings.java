package dev.corral.gate.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ssl_*} directives of a server (or of {@code http}, inherited by its servers), as nginx merges them.
 * Independent of HTTP: the stream module's servers take the same. Immutable.
 *
 * @param certificates the {@code ssl_certificate}/{@code ssl_certificate_key} pairs, loaded; several of different
 *     key types (RSA and ECDSA) may serve side by side, the client's cipher suites choosing one
 * @param protocols {@code ssl_protocols} (default {@code TLSv1.2 TLSv1.3})
 * @param ciphers {@code ssl_ciphers}, an OpenSSL cipher list (default {@code HIGH:!aNULL:!MD5})
 * @param preferServerCiphers {@code ssl_prefer_server_ciphers} (default off)
 * @param ecdhCurve {@code ssl_ecdh_curve}, {@code auto} or a colon-separated list of groups
 * @param sessionCache {@code ssl_session_cache} (default {@code none})
 * @param sessionTimeout {@code ssl_session_timeout} (default 5m)
 * @param sessionTickets {@code ssl_session_tickets} (default on)
 * @param rejectHandshake {@code ssl_reject_handshake}: refuse handshakes that pick this server (default off)
 * @param dhparam {@code ssl_dhparam}: accepted; the engines here offer no finite-field DHE suites to use it with
 */
public record TlsSettings(List<CertificateKey> certificates, List<String> protocols, String ciphers,
    boolean preferServerCiphers, String ecdhCurve, SessionCache sessionCache, Duration sessionTimeout,
    boolean sessionTickets, boolean rejectHandshake, Optional<Path> dhparam) {
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
  public static final String DEFAULT_CIPHERS = "HIGH:!aNULL:!MD5";

  public TlsSettings {
    certificates = List.copyOf(certificates);
    protocols = List.copyOf(protocols);
  }

  /** The same settings with {@code pairs} as the certificates. */
  public TlsSettings withCertificates(List<CertificateKey> pairs) {
    return new TlsSettings(pairs, protocols, ciphers, preferServerCiphers, ecdhCurve, sessionCache, sessionTimeout,
        sessionTickets, rejectHandshake, dhparam);
  }

  /** nginx's defaults, with no certificate. */
  public static TlsSettings defaults() {
    return new TlsSettings(List.of(), DEFAULT_PROTOCOLS, DEFAULT_CIPHERS, false, "auto", SessionCache.none(),
        Duration.ofMinutes(5), true, false, Optional.empty());
  }
}
