package dev.corral.gate.proxy;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, made strict against request smuggling: a request with both {@code Content-Length} and
 * {@code Transfer-Encoding} is invalid (Netty's default drops the length), as are duplicate lengths, bad chunk
 * sizes and invalid header characters (Netty's validation). An invalid request becomes a message whose decoder
 * result is a failure; the frontend answers 400 and closes.
 */
final class GateRequestDecoder extends HttpRequestDecoder {
  GateRequestDecoder(int maxLine, int maxHeaders) {
    super(new HttpDecoderConfig()
        .setMaxInitialLineLength(maxLine)
        .setMaxHeaderSize(maxHeaders)
        .setMaxChunkSize(64 * 1024)
        .setAllowDuplicateContentLengths(false)
        .setValidateHeaders(true)
        .setStrictLineParsing(true));
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
  }
}
