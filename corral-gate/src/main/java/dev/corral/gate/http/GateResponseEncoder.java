package dev.corral.gate.http;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told by the frontend when the current response answers a HEAD request so that it
 * writes no body framing (the role {@code HttpServerCodec} plays, which cannot be combined with a custom decoder).
 * Used only from its channel's event loop.
 */
public final class GateResponseEncoder extends HttpResponseEncoder {
  private boolean headRequest;

  void headRequest(boolean head) {
    this.headRequest = head;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse msg) {
    return headRequest || super.isContentAlwaysEmpty(msg);
  }
}
