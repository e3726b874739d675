package dev.corral.gate.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import java.util.List;

/**
 * Netty's request decoder, made strict against request smuggling: a request with both {@code Content-Length} and
 * {@code Transfer-Encoding} is invalid (Netty's default drops the length), as are duplicate lengths, bad chunk
 * sizes and invalid header characters (Netty's validation), and — checked here, because Netty silently joins
 * them — obs-fold continuation lines and whitespace before the request line (RFC 9112 §5.2: a server MUST reject
 * obs-fold or replace it; nginx answers 400). An invalid request becomes a message whose decoder result is a
 * failure; the frontend answers 400 and closes. More than {@value #MAX_HEADER_COUNT} header fields is a failure
 * the frontend answers with 431.
 *
 * <p>A request line or header line may end with a bare LF, as RFC 9112 §2.2 allows a recipient to accept and nginx
 * accepts (many scripted clients, nginx's own test suite among them, write {@code GET / HTTP/1.0\n\n}): the head
 * is handed to Netty's strict parser with a CR put before each bare LF ({@link BareLineFeeds}), so the parser
 * stays strict everywhere else — a bare CR, a CR inside a value, and chunk-size and chunk-data lines without their
 * CRLF are still refused. The upstream request is re-encoded with CRLF, so no bare LF reaches an upstream.
 *
 * <p>An absolute-form request target ({@code GET http://host:port/path HTTP/1.1}) is accepted as RFC 9112 §3.2.2
 * requires and nginx does: it is rewritten to origin form ({@code /path}) and its authority replaces the
 * {@code Host} header, so routing, {@code $host} and the upstream request use it (see {@link AbsoluteTarget}).
 *
 * <p>Confined to the connection's event loop. The obs-fold check reads each header byte once more; the head is
 * small next to the body, which it never reads.
 */
public final class GateRequestDecoder extends HttpRequestDecoder {
  /**
   * The most header fields a request may have (as Envoy's default; HAProxy allows 101); more answer 431. nginx
   * limits only their size, which lets tens of thousands of tiny fields through.
   */
  public static final int MAX_HEADER_COUNT = 100;

  /** Whether the decoder is reading a message head (request line and headers) rather than a body. */
  private boolean inHead = true;
  /** Whether a byte other than CR/LF of the current head has been consumed (the request line has begun). */
  private boolean headStarted;
  /** Set once an obs-fold was found: everything after it is dropped, the connection is being closed. */
  private boolean rejected;

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

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (rejected) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (inHead && HeadScan.startsLineWithWhitespace(in, headStarted)) {
      rejected = true;
      in.skipBytes(in.readableBytes());
      out.add(invalid(headStarted ? "obs-fold (a header line starting with a space or tab)"
          : "whitespace before the request line"));
      return;
    }
    int start = in.readerIndex();
    int first = out.size();
    BareLineFeeds.Normalized head = inHead ? BareLineFeeds.normalize(in, headStarted, ctx.alloc()) : null;
    if (head == null) {
      super.decode(ctx, in, out);
    } else {
      try {
        super.decode(ctx, head.buffer(), out);
        in.skipBytes(head.originalLength(head.buffer().readerIndex()));
      } finally {
        head.buffer().release();
      }
    }
    if (inHead && !headStarted) {
      headStarted = HeadScan.hasContent(in, start, in.readerIndex());
    }
    for (int i = first; i < out.size(); i++) {
      Object msg = out.get(i);
      if (msg instanceof HttpRequest req) {
        inHead = false;
        if (req.decoderResult().isSuccess() && req.headers().size() > MAX_HEADER_COUNT) {
          req.setDecoderResult(DecoderResult.failure(new TooLongHttpHeaderException(
              "more than " + MAX_HEADER_COUNT + " header fields")));
          rejected = true;
        } else if (req.decoderResult().isSuccess()) {
          out.set(i, AbsoluteTarget.rewrite(req));
        } else {
          rejected = true; // Netty drops the rest itself; no second answer from here
        }
      }
      if (msg instanceof LastHttpContent) {
        inHead = true;
        headStarted = false;
      }
    }
  }

  private static HttpRequest invalid(String reason) {
    HttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request");
    req.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(reason)));
    return req;
  }

  /** Finds whitespace at the start of a line of a message head. Stateless. */
  static final class HeadScan {
    private HeadScan() {}

    /**
     * Whether a line of the head in {@code in}, read from its reader index (always a line start while the
     * decoder reads a head, since Netty consumes whole lines there), starts with a space or tab. The scan stops at
     * the empty line ending the head, so a body is never read.
     *
     * @param started whether the request line was consumed by an earlier call (empty lines before it are allowed)
     */
    static boolean startsLineWithWhitespace(ByteBuf in, boolean started) {
      boolean lineStart = true;
      boolean lineEmpty = true;
      boolean seen = started;
      for (int i = in.readerIndex(), end = in.writerIndex(); i < end; i++) {
        byte b = in.getByte(i);
        if (b == '\n') {
          if (lineEmpty && seen) {
            return false;
          }
          lineStart = true;
          lineEmpty = true;
        } else if (b != '\r') {
          if (lineStart && (b == ' ' || b == '\t')) {
            return true;
          }
          lineStart = false;
          lineEmpty = false;
          seen = true;
        }
      }
      return false;
    }

    /** Whether {@code in} holds a byte other than CR and LF between {@code from} and {@code to}. */
    static boolean hasContent(ByteBuf in, int from, int to) {
      for (int i = from; i < to; i++) {
        byte b = in.getByte(i);
        if (b != '\r' && b != '\n') {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Rewrites an absolute-form target ({@code http://host[:port][/path][?query]}, scheme http or https, no
   * userinfo) to origin form and sets {@code Host} to its authority, as RFC 9112 §3.2.2 asks of a server and of a
   * proxy that forwards the request. The rewritten request is an {@link AbsoluteFormRequest} that remembers the
   * target as the client sent it (nginx's {@code $request} is the request line as received, while its
   * {@code $request_uri} is the path and arguments only). Anything else is left for {@link RequestChecks} to
   * refuse. Stateless.
   */
  static final class AbsoluteTarget {
    private AbsoluteTarget() {}

    /** @return {@code req} itself unless it had an absolute-form target, else its origin-form replacement */
    static HttpRequest rewrite(HttpRequest req) {
      String uri = req.uri();
      if (uri.startsWith("/")) {
        return req;
      }
      int schemeEnd = uri.indexOf("://");
      if (schemeEnd <= 0) {
        return req;
      }
      String scheme = uri.substring(0, schemeEnd);
      if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
        return req;
      }
      int authorityStart = schemeEnd + 3;
      int pathStart = authorityStart;
      while (pathStart < uri.length() && uri.charAt(pathStart) != '/' && uri.charAt(pathStart) != '?') {
        pathStart++;
      }
      String authority = uri.substring(authorityStart, pathStart);
      if (authority.isEmpty() || authority.indexOf('@') >= 0
          || req.headers().getAll(io.netty.handler.codec.http.HttpHeaderNames.HOST).size() > 1) {
        return req;
      }
      String target = uri.substring(pathStart);
      String originForm = target.isEmpty() ? "/" : target.charAt(0) == '?' ? "/" + target : target;
      // The header map is shared: the decoder goes on reading the body by the headers it already parsed.
      req.headers().set(io.netty.handler.codec.http.HttpHeaderNames.HOST, authority);
      return new AbsoluteFormRequest(req, originForm);
    }
  }
}
