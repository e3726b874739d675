package dev.corral.gate.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream connection. While a request uses the connection it forwards the decoded
 * response and connection events to that request's {@link ProxyCall}; while the connection is idle in the
 * {@link ConnectionPool}, anything the server sends is garbage and closes it, and a close removes it from the
 * pool. Confined to the connection's event loop.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
  private final ConnectionPool pool;
  private final String address;
  private Channel channel;
  private UpstreamResponseDecoder decoder;
  private UpstreamBytes bytes;
  private ProxyCall call;
  private int requests;
  /** True while the connection sits in the pool; maintained by the pool. */
  boolean idleInPool;
  /** When the connection last entered the pool ({@link System#nanoTime()}); maintained by the pool. */
  long idleSinceNanos;
  /** When the connection was made ({@link System#nanoTime()}), for {@code keepalive_time}. */
  final long createdNanos = System.nanoTime();

  BackendHandler(ConnectionPool pool, String address) {
    this.pool = pool;
    this.address = address;
  }

  String address() {
    return address;
  }

  Channel channel() {
    return channel;
  }

  int requests() {
    return requests;
  }

  /** The decoder of this connection's pipeline; set once when the pipeline is built. */
  void decoder(UpstreamResponseDecoder decoder) {
    this.decoder = decoder;
  }

  /** The byte counter of this connection's pipeline; set once when the pipeline is built. */
  void bytes(UpstreamBytes counter) {
    this.bytes = counter;
  }

  /** The bytes sent on this connection so far. */
  long bytesSent() {
    return bytes == null ? 0 : bytes.sent();
  }

  /** The bytes received on this connection so far. */
  long bytesReceived() {
    return bytes == null ? 0 : bytes.received();
  }

  /**
   * Gives the connection to a request; counts it against {@code keepalive_requests}.
   *
   * @param head whether the request is a {@code HEAD} (its response has no body)
   */
  void attach(ProxyCall call, boolean head) {
    this.call = call;
    decoder.expectResponseTo(head);
    requests++;
  }

  /** Ends the request's use of the connection and caches it for reuse. */
  void detachAndRelease() {
    call = null;
    channel.config().setAutoRead(true);
    pool.release(this);
  }

  /** Ends the request's use of the connection; the caller takes over the channel (a tunnel). */
  void detach() {
    call = null;
  }

  /** Ends the request's use of the connection and closes it. */
  void detachAndClose() {
    call = null;
    channel.close();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (call != null && msg instanceof HttpObject http) {
      call.onBackendRead(this, http);
    } else {
      ReferenceCountUtil.release(msg);
      if (call == null) {
        pool.remove(this);
        ctx.close();
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (call != null) {
      call.onBackendReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (call != null && ctx.channel().isWritable()) {
      call.onBackendWritable();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.remove(this);
    if (call != null) {
      ProxyCall c = call;
      call = null;
      c.onBackendClosed(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (call != null) {
      ProxyCall c = call;
      call = null;
      c.onBackendError(this, cause);
    }
    ctx.close();
  }
}
