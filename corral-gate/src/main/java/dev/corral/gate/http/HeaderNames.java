package dev.corral.gate.http;

import io.netty.util.AsciiString;

/**
 * Header names in the spelling nginx writes them ({@code Server}, {@code Content-Length}, …) for the headers the
 * gate sets itself. Netty's {@code HttpHeaderNames} are lower case, which HTTP allows but tools and tests that match
 * case-sensitively do not expect from an nginx stand-in. Headers relayed from an upstream keep the upstream's
 * spelling; one the gate replaces (Server) takes this one. The names are built once and shared (immutable), so
 * using them costs no allocation per request; lookups stay case-insensitive (Netty's header maps).
 */
public final class HeaderNames {
  public static final AsciiString SERVER = AsciiString.cached("Server");
  public static final AsciiString DATE = AsciiString.cached("Date");
  public static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
  public static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
  public static final AsciiString CONNECTION = AsciiString.cached("Connection");
  static final AsciiString LOCATION = AsciiString.cached("Location");
  public static final AsciiString TRANSFER_ENCODING = AsciiString.cached("Transfer-Encoding");
  public static final AsciiString UPGRADE = AsciiString.cached("Upgrade");
  public static final AsciiString HOST = AsciiString.cached("Host");
  public static final AsciiString USER_AGENT = AsciiString.cached("User-Agent");
  public static final AsciiString LAST_MODIFIED = AsciiString.cached("Last-Modified");
  public static final AsciiString ETAG = AsciiString.cached("ETag");
  static final AsciiString EXPIRES = AsciiString.cached("Expires");
  static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");
  public static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");
  public static final AsciiString CONTENT_RANGE = AsciiString.cached("Content-Range");

  private HeaderNames() {}

  /** Whether the client asked to switch protocols ({@code Connection: upgrade} with an {@code Upgrade} header). */
  public static boolean isUpgrade(io.netty.handler.codec.http.HttpRequest req) {
    return req.headers().contains(io.netty.handler.codec.http.HttpHeaderNames.UPGRADE)
        && req.headers().containsValue(io.netty.handler.codec.http.HttpHeaderNames.CONNECTION,
            io.netty.handler.codec.http.HttpHeaderValues.UPGRADE, true);
  }
}
