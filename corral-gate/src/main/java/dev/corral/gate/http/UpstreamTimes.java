package dev.corral.gate.http;

import java.util.Arrays;

/**
 * {@code $upstream_connect_time}, {@code $upstream_header_time} and {@code $upstream_response_time} of one request,
 * as nginx keeps them: one value per try, comma-separated in try order, in seconds with milliseconds; {@code -} for
 * a try that never connected or never got a header; for the try in progress the values known so far (its response
 * time, and its header time before the header, read as {@code -}). Confined to the request's event loop.
 *
 * <p>On the hot path: every proxied request records its tries here, but few configs read the values. So a try only
 * stores three durations in nanoseconds, and the text is made when a variable is read.
 */
public final class UpstreamTimes {
  /** Per finished try: connect, header and response durations in ns, -1 for "-"; {@code 3 * tries} are in use. */
  private long[] finished = new long[3];
  private int tries;
  /** The current try's start, connection and header times (System.nanoTime()); -1 when not (yet) known. */
  private long start = -1;
  private long connected = -1;
  private long headerAt = -1;

  /** A try starts at {@code now}. */
  public void started(long now) {
    if (start >= 0) {
      ended(now);
    }
    start = now;
    connected = -1;
    headerAt = -1;
  }

  /** The try's connection is ready (at once for a pooled one). */
  public void connected(long now) {
    if (start >= 0 && connected < 0) {
      connected = now;
    }
  }

  /** The try's response header arrived. */
  public void responded(long now) {
    if (start >= 0 && headerAt < 0) {
      headerAt = now;
    }
  }

  /** The try ended (its response complete, or it failed). */
  public void ended(long now) {
    if (start < 0) {
      return;
    }
    if (3 * tries == finished.length) {
      finished = Arrays.copyOf(finished, finished.length * 2);
    }
    int at = 3 * tries++;
    finished[at] = connected < 0 ? -1 : connected - start;
    finished[at + 1] = headerAt < 0 ? -1 : headerAt - start;
    finished[at + 2] = now - start;
    start = -1;
  }

  /** The tries that have ended (for metrics, read when the request is over). */
  public int tries() {
    return tries;
  }

  /** Try {@code i}'s time from its start to its response head in ns; -1 if no head came back. */
  public long headerNanos(int i) {
    return finished[3 * i + 1];
  }

  /** Try {@code i}'s time from its start to its end in ns ({@code $upstream_response_time}). */
  public long responseNanos(int i) {
    return finished[3 * i + 2];
  }

  String connectTime() {
    return value(0, connected < 0 ? -1 : connected - start);
  }

  String headerTime() {
    return value(1, headerAt < 0 ? -1 : headerAt - start);
  }

  String responseTime() {
    return value(2, -1);
  }

  /** The finished tries' values at {@code field}, then the current try's {@code current} if a try is under way. */
  private String value(int field, long current) {
    StringBuilder text = new StringBuilder(8 * (tries + 1));
    for (int i = 0; i < tries; i++) {
      if (i > 0) {
        text.append(", ");
      }
      appendSeconds(text, finished[3 * i + field]);
    }
    if (start >= 0) {
      if (tries > 0) {
        text.append(", ");
      }
      appendSeconds(text, current);
    }
    return text.toString();
  }

  private static void appendSeconds(StringBuilder text, long nanos) {
    if (nanos < 0) {
      text.append('-');
    } else {
      RequestContext.appendSeconds(text, nanos);
    }
  }
}
