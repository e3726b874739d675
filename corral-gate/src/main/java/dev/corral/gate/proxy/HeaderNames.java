package dev.corral.gate.proxy;

import io.netty.util.AsciiString;

/**
 * Header names in the spelling nginx writes them ({@code Server}, {@code Content-Length}, …) for the headers the
 * gate sets itself. Netty's {@code HttpHeaderNames} are lower case, which HTTP allows but tools and tests that match
 * case-sensitively do not expect from an nginx stand-in. Headers relayed from an upstream keep the upstream's
 * spelling; one the gate replaces (Server) takes this one. The names are built once and shared (immutable), so
 * using them costs no allocation per request; lookups stay case-insensitive (Netty's header maps).
 */
final class HeaderNames {
  static final AsciiString SERVER = AsciiString.cached("Server");
  static final AsciiString DATE = AsciiString.cached("Date");
  static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
  static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
  static final AsciiString CONNECTION = AsciiString.cached("Connection");
  static final AsciiString LOCATION = AsciiString.cached("Location");
  static final AsciiString TRANSFER_ENCODING = AsciiString.cached("Transfer-Encoding");
  static final AsciiString UPGRADE = AsciiString.cached("Upgrade");
  static final AsciiString HOST = AsciiString.cached("Host");
  static final AsciiString USER_AGENT = AsciiString.cached("User-Agent");
  static final AsciiString LAST_MODIFIED = AsciiString.cached("Last-Modified");
  static final AsciiString ETAG = AsciiString.cached("ETag");
  static final AsciiString EXPIRES = AsciiString.cached("Expires");
  static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");
  static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");
  static final AsciiString CONTENT_RANGE = AsciiString.cached("Content-Range");

  private HeaderNames() {}
}
