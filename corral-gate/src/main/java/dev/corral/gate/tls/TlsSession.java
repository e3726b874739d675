package dev.corral.gate.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import io.netty.util.AttributeKey;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * What a connection's TLS looks like to nginx's variables: {@code $ssl_protocol}, {@code $ssl_cipher} (OpenSSL's
 * name), {@code $ssl_server_name}, {@code $ssl_session_reused} and {@code $https}. {@link #NONE} for a plain
 * connection. Values are read from the engine when asked, on the connection's event loop.
 */
public final class TlsSession {
  /** The SNI name the client sent, lower case (set during the handshake). */
  public static final AttributeKey<String> SERVER_NAME = AttributeKey.valueOf("corral.tls.serverName");

  /** A connection without TLS: every variable is empty. */
  public static final TlsSession NONE = new TlsSession(null, null);

  private final Channel channel;
  private final SslHandler handler;

  private TlsSession(Channel channel, SslHandler handler) {
    this.channel = channel;
    this.handler = handler;
  }

  /** The TLS of {@code channel}, {@link #NONE} if it has none. */
  public static TlsSession of(Channel channel) {
    SslHandler handler = channel.pipeline().get(SslHandler.class);
    return handler == null ? NONE : new TlsSession(channel, handler);
  }

  /** Whether the connection is TLS. */
  public boolean active() {
    return handler != null;
  }

  /** {@code $https}: {@code on} or empty. */
  public String https() {
    return active() ? "on" : "";
  }

  /** {@code $ssl_protocol}: {@code TLSv1.3}, {@code TLSv1.2}…; empty without TLS. */
  public String protocol() {
    SSLSession session = session();
    return session == null ? "" : session.getProtocol();
  }

  /** {@code $ssl_cipher}: OpenSSL's name of the suite ({@code ECDHE-RSA-AES128-GCM-SHA256}). */
  public String cipher() {
    if (!active()) {
      return "";
    }
    SSLEngine engine = handler.engine();
    if (engine instanceof ReferenceCountedOpenSslEngine openssl) {
      synchronized (openssl) {
        long ssl = openssl.sslPointer();
        if (ssl != 0) {
          String name = SSL.getCipherForSSL(ssl);
          return name == null ? "" : name;
        }
      }
    }
    SSLSession session = session();
    return session == null ? "" : CipherNames.openSsl(session.getCipherSuite());
  }

  /** {@code $ssl_server_name}: the SNI name, empty if none was sent. */
  public String serverName() {
    String name = channel == null ? null : channel.attr(SERVER_NAME).get();
    return name == null ? "" : name;
  }

  /** {@code $ssl_session_reused}: {@code r} if the session was resumed, else {@code .}; empty without TLS. */
  public String sessionReused() {
    if (!active()) {
      return "";
    }
    SSLEngine engine = handler.engine();
    if (engine instanceof ReferenceCountedOpenSslEngine openssl) {
      synchronized (openssl) {
        long ssl = openssl.sslPointer();
        return ssl != 0 && SSL.isSessionReused(ssl) ? "r" : ".";
      }
    }
    return "."; // the JDK's engine does not tell
  }

  private SSLSession session() {
    return handler == null ? null : handler.engine().getSession();
  }
}
