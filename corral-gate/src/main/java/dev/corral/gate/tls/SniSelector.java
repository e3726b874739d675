package dev.corral.gate.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the ClientHello's SNI name, asks the {@link SniLookup} for the server, and puts that server's
 * {@link SslHandler} in its place. A server with {@code ssl_reject_handshake on}, or without a certificate,
 * refuses the handshake: the connection is closed (nginx sends an alert first). The name is kept on the channel
 * for {@code $ssl_server_name}. One per connection; runs on its event loop.
 */
final class SniSelector extends AbstractSniHandler<ServerTls> {
  private final SniLookup lookup;
  private final long handshakeTimeoutMillis;
  /** Whether the ClientHello offers what an ECDSA certificate needs; set before the look-up. */
  private boolean clientTakesEcdsa;

  SniSelector(SniLookup lookup, long handshakeTimeoutMillis) {
    super(handshakeTimeoutMillis);
    this.lookup = lookup;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
  }

  @Override
  protected Future<ServerTls> lookup(ChannelHandlerContext ctx, io.netty.buffer.ByteBuf clientHello)
      throws Exception {
    clientTakesEcdsa = clientHello != null && ClientHelloOffers.ecdsa(clientHello);
    return super.lookup(ctx, clientHello);
  }

  @Override
  protected Future<ServerTls> lookup(ChannelHandlerContext ctx, String hostname) {
    Optional<String> name = Optional.ofNullable(hostname).map(h -> h.toLowerCase(Locale.ROOT));
    name.ifPresent(n -> ctx.channel().attr(TlsSession.SERVER_NAME).set(n));
    try {
      return ctx.executor().newSucceededFuture(lookup.select(ctx.channel(), name));
    } catch (RuntimeException e) {
      return ctx.executor().newFailedFuture(e);
    }
  }

  @Override
  protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<ServerTls> future) {
    if (!future.isSuccess()) {
      ctx.close();
      return;
    }
    ServerTls tls = future.getNow();
    Optional<SslContext> context = tls.contextFor(clientTakesEcdsa);
    if (tls.settings().rejectHandshake() || context.isEmpty()) {
      ctx.close();
      return;
    }
    SslHandler handler = context.get().newHandler(ctx.alloc());
    handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    ctx.pipeline().replace(this, "tls", handler);
  }
}
