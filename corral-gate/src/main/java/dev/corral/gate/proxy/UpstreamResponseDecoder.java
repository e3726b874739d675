package dev.corral.gate.proxy;

import dev.corral.gate.http.GateRequestDecoder;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.AsciiString;

/**
 * Decodes the responses of one upstream connection. It does what {@code HttpClientCodec}'s decoder does for the
 * gate — a response to {@code HEAD} has no body whatever its headers say — but learns the request's method from
 * the {@link BackendHandler} ({@link #expectResponseTo}) instead of a queue fed by an encoder, so the upstream
 * pipeline is a plain encoder and this decoder. It also reuses one name object for the header names servers
 * commonly send ({@link #splitHeaderName}) instead of allocating one per header of every response: the gate's
 * allocation profile had these among its top sites (docs/bench/gate.md).
 *
 * <p>Limits as {@code HttpClientCodec}'s defaults (4 KB status line, 8 KB headers), header validation on.
 * Lines may end with a bare LF (status line, headers, chunk sizes, trailers), as nginx's upstream parser accepts
 * them ({@code ngx_http_parse_status_line} takes LF alone): many small and legacy servers write them. The decoder
 * of client requests stays strict ({@link GateRequestDecoder}): leniency toward a client invites request smuggling,
 * toward the configured upstream it only lets its answers through. Confined to the connection's event loop.
 */
final class UpstreamResponseDecoder extends HttpResponseDecoder {
  /** Names in the spelling servers send them (canonical, and lower case as HTTP/2-era servers write them). */
  private static final AsciiString[] KNOWN = names("Date", "Server", "Connection", "Content-Type",
      "Content-Length", "Transfer-Encoding", "Keep-Alive", "Cache-Control", "Last-Modified", "ETag", "Vary",
      "Expires", "Location", "Content-Encoding", "Accept-Ranges", "Set-Cookie", "date", "server", "connection",
      "content-type", "content-length", "transfer-encoding", "keep-alive", "cache-control", "last-modified", "etag",
      "vary", "expires", "location", "content-encoding", "accept-ranges", "set-cookie");
  private static final String OK = "OK";

  private boolean headRequest;

  UpstreamResponseDecoder() {
    super(new HttpDecoderConfig().setMaxInitialLineLength(4096).setMaxHeaderSize(8192).setMaxChunkSize(8192)
        .setStrictLineParsing(false));
  }

  /** The request now sent on this connection: whether it is a {@code HEAD}, whose response carries no body. */
  void expectResponseTo(boolean head) {
    this.headRequest = head;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    int status = ((HttpResponse) msg).status().code();
    // Informational responses precede the final one and have no body whatever the method (the super rule).
    return (headRequest && (status < 100 || status >= 200)) || super.isContentAlwaysEmpty(msg);
  }

  @Override
  protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
    for (AsciiString name : KNOWN) {
      if (name.length() == length && sameBytes(name, sb, start)) {
        return name;
      }
    }
    return super.splitHeaderName(sb, start, length);
  }

  @Override
  protected String splitThirdWordInitialLine(byte[] sb, int start, int length) {
    return length == 2 && sb[start] == 'O' && sb[start + 1] == 'K' ? OK : super.splitThirdWordInitialLine(sb, start,
        length);
  }

  private static boolean sameBytes(AsciiString name, byte[] sb, int start) {
    byte[] bytes = name.array();
    int offset = name.arrayOffset();
    for (int i = 0, n = name.length(); i < n; i++) {
      if (bytes[offset + i] != sb[start + i]) {
        return false;
      }
    }
    return true;
  }

  private static AsciiString[] names(String... names) {
    AsciiString[] out = new AsciiString[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = AsciiString.cached(names[i]);
    }
    return out;
  }
}
