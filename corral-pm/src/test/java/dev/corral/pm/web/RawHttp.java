package dev.corral.pm.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket to 127.0.0.1, with exactly the headers given (Host, Origin and
 * Sec-Fetch-Site included, which java.net.http will not let a test set), and its answer read to the end.
 */
final class RawHttp {
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  static Answer get(int port, String path, String... headers) throws IOException {
    return exchange(port, "GET", path, null, headers);
  }

  static Answer post(int port, String path, String body, String... headers) throws IOException {
    return exchange(port, "POST", path, body, headers);
  }

  /** @param headers "Name: value" lines; a Host header is added unless one is given */
  static Answer exchange(int port, String method, String path, String body, String... headers) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(30_000);
      StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      boolean host = false;
      for (String h : headers) {
        host |= h.toLowerCase(Locale.ROOT).startsWith("host:");
        req.append(h).append("\r\n");
      }
      if (!host) {
        req.append("Host: 127.0.0.1:").append(port).append("\r\n");
      }
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (body != null) {
        req.append("Content-Length: ").append(payload.length).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.write(payload);
      out.flush();
      InputStream in = s.getInputStream();
      String statusLine = line(in);
      Map<String, String> answerHeaders = new LinkedHashMap<>();
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int colon = l.indexOf(':');
        answerHeaders.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
      byte[] rest = in.readAllBytes();
      String text = "chunked".equalsIgnoreCase(answerHeaders.get("transfer-encoding")) ? dechunk(rest)
          : new String(rest, StandardCharsets.UTF_8);
      return new Answer(Integer.parseInt(statusLine.split(" ")[1]), answerHeaders, text);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static String dechunk(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < raw.length) {
      int lineEnd = i;
      while (lineEnd < raw.length && raw[lineEnd] != '\n') {
        lineEnd++;
      }
      String size = new String(raw, i, lineEnd - i, StandardCharsets.US_ASCII).trim();
      int n = size.isEmpty() ? 0 : Integer.parseInt(size.split(";")[0], 16);
      if (n == 0) {
        break;
      }
      out.write(raw, lineEnd + 1, n);
      i = lineEnd + 1 + n + 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
