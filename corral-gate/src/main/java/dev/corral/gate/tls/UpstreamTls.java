package dev.corral.gate.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS to an upstream ({@code proxy_pass https://}) as nginx's {@code proxy_ssl_*} defaults and the two naming
 * directives set it: the upstream's certificate is not verified ({@code proxy_ssl_verify off}), the name sent
 * in SNI is {@code proxy_ssl_name} (default: the host of {@code proxy_pass}) and SNI is sent only with
 * {@code proxy_ssl_server_name on}. The JDK's engine, so sessions are reused per host and port (nginx's
 * {@code proxy_ssl_session_reuse on}). Immutable; thread-safe.
 *
 * @param name {@code proxy_ssl_name}; empty: the host of {@code proxy_pass}
 * @param serverName {@code proxy_ssl_server_name}
 */
public record UpstreamTls(Optional<String> name, boolean serverName) {
  /** nginx's defaults: no SNI, the proxy_pass host as the name. */
  public static UpstreamTls defaults() {
    return new UpstreamTls(Optional.empty(), false);
  }

  /**
   * A client-side handler for one upstream connection.
   *
   * @param proxyHost the host of {@code proxy_pass} (an upstream's name or a host, without the port)
   */
  public SslHandler newHandler(ByteBufAllocator alloc, String proxyHost, int port) {
    String host = name.orElse(proxyHost);
    SSLEngine engine = Contexts.CLIENT.newEngine(alloc, host, port);
    SSLParameters p = engine.getSSLParameters();
    p.setServerNames(List.of());
    if (serverName) {
      try {
        p.setServerNames(List.of(new SNIHostName(host)));
      } catch (IllegalArgumentException notAHostName) {
        // nginx sends no SNI for an address either.
      }
    }
    engine.setSSLParameters(p);
    return new SslHandler(engine);
  }

  /** Built on first use: most configurations never proxy to https. */
  private static final class Contexts {
    static final SslContext CLIENT = build();

    private static SslContext build() {
      try {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
            .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
      } catch (SSLException e) {
        throw new IllegalStateException("cannot build the upstream TLS context", e);
      }
    }
  }
}
