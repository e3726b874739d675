package dev.corral.gate.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 request from a blocking stream: the request line, the headers (16 KiB at most) and a body of
 * {@code Content-Length} bytes (64 KiB at most). The API closes the connection after each answer, so one request
 * per connection is all it reads. Stateless.
 */
final class RequestReader {
  static final int MAX_HEAD = 16 * 1024;
  static final int MAX_BODY = 64 * 1024;

  private RequestReader() {}

  /**
   * Reads a request.
   *
   * @throws ApiError for a malformed or oversized request
   * @throws IOException if the connection fails or closes before a whole request arrived
   */
  static AdminRequest read(InputStream in) throws IOException {
    String head = readHead(in);
    String[] lines = head.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
      throw new ApiError(400, "BadRequest", "malformed request line \"" + lines[0] + "\"");
    }
    int length = 0;
    String accept = null;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new ApiError(400, "BadRequest", "malformed header line \"" + lines[i] + "\"");
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("accept")) {
        accept = accept == null ? value : accept + ", " + value;
      }
      if (name.equals("transfer-encoding")) {
        throw new ApiError(411, "LengthRequired", "send the body with Content-Length, not Transfer-Encoding");
      }
      if (name.equals("content-length")) {
        try {
          length = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new ApiError(400, "BadRequest", "Content-Length: \"" + value + "\" (expected: a number)");
        }
        if (length < 0 || length > MAX_BODY) {
          throw new ApiError(413, "BodyTooLarge", "Content-Length: " + value + " (expected: 0 to " + MAX_BODY + ")");
        }
      }
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("connection closed in the request body");
    }
    String target = requestLine[1];
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    return new AdminRequest(requestLine[0], path, body, accept);
  }

  /** Decodes one path segment ({@code %3A} → {@code :}); {@code +} stays a plus, as in a path. */
  static String decodeSegment(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "BadRequest", "malformed path segment \"" + segment + "\"");
    }
  }

  private static String readHead(InputStream in) throws IOException {
    byte[] buf = new byte[MAX_HEAD];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before a whole request head");
      }
      if (n == buf.length) {
        throw new ApiError(431, "HeaderTooLarge", "request head above " + MAX_HEAD + " bytes");
      }
      buf[n++] = (byte) b;
      if (n >= 4 && buf[n - 4] == '\r' && buf[n - 3] == '\n' && buf[n - 2] == '\r' && buf[n - 1] == '\n') {
        return new String(buf, 0, n - 4, StandardCharsets.ISO_8859_1);
      }
    }
  }
}
