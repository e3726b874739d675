package dev.corral.gate.proxy;

import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.RequestContext;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The response direction of one proxied request: skips informational responses (1xx but 101), writes the final
 * head and streams the body to the client, and stops reading the upstream while the client connection is not
 * writable (resumed by {@link #clientWritable}). Whether a final head is relayed or retried is the
 * {@link ProxyCall}'s decision.
 *
 * <p>Confined to the client connection's event loop.
 */
final class ResponseRelay {
  private final FrontendHandler frontend;
  private final RequestContext ctx;
  private final boolean headRequest;
  /** The upstream connection the response comes from; null before {@link #start} and after the end. */
  private Channel upstream;
  private boolean skippingInformational;
  private boolean keepAlive;

  ResponseRelay(FrontendHandler frontend, RequestContext ctx, boolean headRequest) {
    this.frontend = frontend;
    this.ctx = ctx;
    this.headRequest = headRequest;
  }

  /** Whether {@code response} is a final head; an informational one is skipped with its (empty) body. */
  boolean isFinal(HttpResponse response) {
    int status = response.status().code();
    if (status >= 100 && status < 200 && status != 101) {
      skippingInformational = true;
      return false;
    }
    return true;
  }

  /** Writes the final head for the client; the body that follows comes from {@code from}. */
  void start(HttpResponse response, Channel from) {
    upstream = from;
    int status = response.status().code();
    keepAlive = HttpUtil.isKeepAlive(response);
    ctx.response = response;
    ctx.upstreamResponseLength = 0;
    ClientResponseHead.write(frontend, ctx, response, headRequest || status == 204 || status == 304);
  }

  /** Whether the head was relayed and its body is streaming. */
  boolean started() {
    return upstream != null;
  }

  /**
   * Relays body content, or drops it if it belongs to a skipped or retried response.
   *
   * @return whether this was the end of the relayed response
   */
  boolean content(HttpContent content) {
    if (skippingInformational || upstream == null) {
      content.release();
      if (skippingInformational && content instanceof LastHttpContent) {
        skippingInformational = false;
      }
      return false;
    }
    boolean last = content instanceof LastHttpContent;
    ctx.upstreamResponseLength += content.content().readableBytes();
    frontend.writeResponseContent(content);
    if (last) {
      upstream = null;
    } else if (!frontend.channel().isWritable()) {
      upstream.config().setAutoRead(false);
    }
    return last;
  }

  /** The client connection drained: reading the upstream resumes. */
  void clientWritable() {
    if (upstream != null) {
      upstream.config().setAutoRead(true);
    }
  }

  /** Whether the upstream said its connection may be kept alive. */
  boolean keepAlive() {
    return keepAlive;
  }
}
