package dev.corral.gate.proxy;

/**
 * {@code $upstream_connect_time}, {@code $upstream_header_time} and {@code $upstream_response_time} of one request,
 * as nginx keeps them: one value per try, comma-separated in try order, in seconds with milliseconds; {@code -} for
 * a try that never connected or never got a header; for the try in progress the values known so far (its response
 * time, and its header time before the header, read as {@code -}). Confined to the request's event loop.
 */
final class UpstreamTimes {
  private final StringBuilder connect = new StringBuilder();
  private final StringBuilder header = new StringBuilder();
  private final StringBuilder response = new StringBuilder();
  /** The current try's start, connection and header times (System.nanoTime()); -1 when not (yet) known. */
  private long start = -1;
  private long connected = -1;
  private long headerAt = -1;

  /** A try starts at {@code now}. */
  void started(long now) {
    if (start >= 0) {
      ended(now);
    }
    start = now;
    connected = -1;
    headerAt = -1;
  }

  /** The try's connection is ready (at once for a pooled one). */
  void connected(long now) {
    if (start >= 0 && connected < 0) {
      connected = now;
    }
  }

  /** The try's response header arrived. */
  void responded(long now) {
    if (start >= 0 && headerAt < 0) {
      headerAt = now;
    }
  }

  /** The try ended (its response complete, or it failed). */
  void ended(long now) {
    if (start < 0) {
      return;
    }
    append(connect, connected < 0 ? "-" : RequestContext.seconds(connected - start));
    append(header, headerAt < 0 ? "-" : RequestContext.seconds(headerAt - start));
    append(response, RequestContext.seconds(now - start));
    start = -1;
  }

  String connectTime() {
    return value(connect, connected < 0 ? "-" : RequestContext.seconds(connected - start));
  }

  String headerTime() {
    return value(header, headerAt < 0 ? "-" : RequestContext.seconds(headerAt - start));
  }

  String responseTime() {
    return value(response, "-");
  }

  private String value(StringBuilder finished, String current) {
    if (start < 0) {
      return finished.toString();
    }
    return finished.isEmpty() ? current : finished + ", " + current;
  }

  private static void append(StringBuilder list, String value) {
    if (!list.isEmpty()) {
      list.append(", ");
    }
    list.append(value);
  }
}
