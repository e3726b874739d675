package dev.corral.gate.tls;

import io.netty.handler.ssl.SslContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A server's TLS: its settings and the contexts built from them when the configuration was loaded, one per
 * certificate pair by key algorithm ({@code RSA}, {@code EC}…), in {@code ssl_certificate} order. A reload builds
 * new ones; a connection keeps the context its handshake used. Immutable.
 *
 * @param contexts empty when the server has no {@code ssl_certificate}
 */
public record ServerTls(TlsSettings settings, Map<String, SslContext> contexts) {
  public ServerTls {
    contexts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(contexts));
  }

  /** A server with nginx's defaults and no certificate. */
  public static ServerTls none() {
    return new ServerTls(TlsSettings.defaults(), Map.of());
  }

  /** Builds a context per certificate pair of {@code settings} (none if it has no certificate). */
  public static ServerTls build(TlsSettings settings) {
    Map<String, SslContext> contexts = new LinkedHashMap<>();
    for (CertificateKey pair : settings.certificates()) {
      contexts.putIfAbsent(pair.algorithm(), ServerContexts.build(settings.withCertificates(java.util.List.of(pair))));
    }
    return new ServerTls(settings, contexts);
  }

  /** The context of the first pair, empty without a certificate. */
  public Optional<SslContext> context() {
    return contexts.values().stream().findFirst();
  }

  /**
   * The context for a client: the ECDSA pair's when the client can take it and the server has one, else the
   * first pair's (nginx's OpenSSL picks among several certificates by what the client offers, as here).
   */
  public Optional<SslContext> contextFor(boolean clientTakesEcdsa) {
    if (clientTakesEcdsa && contexts.containsKey("EC")) {
      return Optional.of(contexts.get("EC"));
    }
    for (Map.Entry<String, SslContext> e : contexts.entrySet()) {
      if (!e.getKey().equals("EC")) {
        return Optional.of(e.getValue());
      }
    }
    return context();
  }
}
