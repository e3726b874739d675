package dev.corral.gate.admin;

import java.nio.charset.StandardCharsets;

/** One HTTP response of the runtime API: a status and a body, JSON unless said otherwise. */
record AdminResponse(int status, String contentType, String body) {
  static final String JSON = "application/json";

  /** A JSON response. */
  AdminResponse(int status, String json) {
    this(status, JSON, json);
  }

  /** The whole response as written on the wire; the connection closes after it. */
  byte[] bytes() {
    byte[] body = this.body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nServer: corral\r\n"
        + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[h.length + body.length];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Payload Too Large";
      case 431 -> "Request Header Fields Too Large";
      default -> "Internal Server Error";
    };
  }
}
