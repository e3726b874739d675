package dev.corral.gate.tls;

import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * Builds the server-side {@link SslContext} of one {@link TlsSettings} on the process's {@link TlsEngine}: every
 * certificate pair in one key manager (the handshake picks the pair whose key type the client's suites allow),
 * {@code ssl_protocols}, {@code ssl_ciphers} as an OpenSSL cipher list, {@code ssl_prefer_server_ciphers},
 * {@code ssl_ecdh_curve}, the session cache, its timeout and tickets (fresh random ticket keys per build, so a
 * reload invalidates older tickets as nginx's does). On the JDK engine the cipher list and curves are the JDK's
 * defaults. Stateless.
 */
public final class ServerContexts {
  private static final Set<String> ENGINE_PROTOCOLS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ServerContexts() {}

  /**
   * The context for {@code settings}.
   *
   * @throws TlsFileException if {@code settings} has no certificate, no protocol the engine speaks, a cipher list
   *     that matches nothing or an unknown curve
   */
  public static SslContext build(TlsSettings settings) {
    return build(settings, TlsEngine.current());
  }

  static SslContext build(TlsSettings settings, TlsEngine engine) {
    if (settings.certificates().isEmpty()) {
      throw new TlsFileException("no \"ssl_certificate\" is defined");
    }
    List<String> protocols = new ArrayList<>(settings.protocols());
    protocols.retainAll(ENGINE_PROTOCOLS);
    if (protocols.isEmpty()) {
      throw new TlsFileException("ssl_protocols " + String.join(" ", settings.protocols())
          + ": no protocol the TLS engine speaks (expected: TLSv1.2 and/or TLSv1.3)");
    }
    SslContextBuilder builder = SslContextBuilder.forServer(keyManagers(settings.certificates()))
        .sslProvider(engine.provider())
        .protocols(protocols)
        .sessionTimeout(settings.sessionTimeout().toSeconds());
    if (settings.sessionCache().mode() == SessionCache.Mode.CACHE) {
      builder.sessionCacheSize(settings.sessionCache().size());
    }
    if (engine == TlsEngine.OPENSSL && !settings.ecdhCurve().equals("auto")) {
      builder.option(OpenSslContextOption.GROUPS, settings.ecdhCurve().split(":"));
    }
    SslContext context;
    try {
      context = builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new TlsFileException(describe(settings, e), e);
    }
    if (context instanceof ReferenceCountedOpenSslContext openssl) {
      tune(openssl, settings);
    }
    return context;
  }

  private static String describe(TlsSettings settings, Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (!settings.ecdhCurve().equals("auto") && message.toLowerCase(java.util.Locale.ROOT).contains("group")) {
      return "SSL_CTX_set1_curves_list(\"" + settings.ecdhCurve() + "\") failed (" + message + ")";
    }
    return "SSL_CTX_new() failed (" + message + ")";
  }

  /** What netty does not expose: the OpenSSL cipher list, server preference, the cache mode and tickets. */
  private static void tune(ReferenceCountedOpenSslContext context, TlsSettings settings) {
    long ctx = tcnativeHandle(context);
    try {
      if (!SSLContext.setCipherSuite(ctx, settings.ciphers(), false)) {
        throw noCipherMatch(settings);
      }
    } catch (TlsFileException e) {
      throw e;
    } catch (Exception e) {
      throw noCipherMatch(settings);
    }
    if (settings.preferServerCiphers()) {
      SSLContext.setOptions(ctx, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
    } else {
      SSLContext.clearOptions(ctx, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
    }
    context.sessionContext().setSessionCacheEnabled(settings.sessionCache().mode() == SessionCache.Mode.CACHE);
    context.sessionContext().setSessionTimeout((int) Math.min(Integer.MAX_VALUE,
        settings.sessionTimeout().toSeconds()));
    if (settings.sessionTickets()) {
      byte[] name = new byte[OpenSslSessionTicketKey.NAME_SIZE];
      byte[] hmac = new byte[OpenSslSessionTicketKey.HMAC_KEY_SIZE];
      byte[] aes = new byte[OpenSslSessionTicketKey.AES_KEY_SIZE];
      RANDOM.nextBytes(name);
      RANDOM.nextBytes(hmac);
      RANDOM.nextBytes(aes);
      context.sessionContext().setTicketKeys(new OpenSslSessionTicketKey(name, hmac, aes)); // clears NO_TICKET
    } else {
      SSLContext.setOptions(ctx, SSL.SSL_OP_NO_TICKET);
    }
  }

  /**
   * The tcnative handle of the context, which {@code SSLContext}'s calls take. Netty keeps it in a protected
   * field and exposes only the raw {@code SSL_CTX*} (passing that one crashes the JVM), hence the reflection.
   */
  private static long tcnativeHandle(ReferenceCountedOpenSslContext context) {
    try {
      java.lang.reflect.Field field = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
      field.setAccessible(true);
      return field.getLong(context);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("this netty-handler keeps no tcnative handle in 'ctx' (expected: 4.2.x)", e);
    }
  }

  private static TlsFileException noCipherMatch(TlsSettings settings) {
    return new TlsFileException("SSL_CTX_set_cipher_list(\"" + settings.ciphers() + "\") failed (SSL: "
        + "error:0A0000B9:SSL routines::no cipher match)");
  }

  /** One key manager holding every pair; the JDK's SunX509 chooses an alias by the key type asked for. */
  private static KeyManagerFactory keyManagers(List<CertificateKey> pairs) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      int i = 0;
      for (CertificateKey pair : pairs) {
        store.setKeyEntry("key" + i++, pair.key(), password, pair.chain().toArray(new X509Certificate[0]));
      }
      KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
      factory.init(store, password);
      return factory;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsFileException("cannot use certificate \"" + pairs.get(0).certificateFile() + "\": "
          + e.getMessage(), e);
    }
  }
}
