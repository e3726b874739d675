package dev.corral.gate.http;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The IETF RateLimit header fields of one response ({@code limit_req_headers on}, a Corral extension), after
 * draft-ietf-httpapi-ratelimit-headers-09: {@code RateLimit-Policy} lists each {@code limit_req} zone that
 * decided about the request ({@code "one";q=10;w=1}: the zone's rate as a quota per window), {@code RateLimit}
 * what is left of each ({@code "one";r=4;t=1}: requests that would pass now, seconds until the zone is at rest
 * for the key), on every response of the location, as the draft allows; a refused request also gets
 * {@code Retry-After}, the seconds until a request of its key would pass.
 *
 * <p>Per request; not thread-safe (filled and written on the request's event loop).
 */
public final class RateLimitFields {
  private final StringBuilder policy = new StringBuilder();
  private final StringBuilder state = new StringBuilder();
  private long retryAfterSeconds = -1;

  /**
   * Adds zone {@code zone} (rate {@code rateMr} milli-requests per second) with {@code remaining} requests and
   * {@code resetMillis} until the key's excess is drained.
   */
  public void add(String zone, long rateMr, long remaining, long resetMillis) {
    if (policy.length() > 0) {
      policy.append(", ");
      state.append(", ");
    }
    boolean perSecond = rateMr >= 1000 && rateMr % 1000 == 0;
    long quota = perSecond ? rateMr / 1000 : Math.max(1, Math.round(rateMr * 60 / 1000.0));
    policy.append('"').append(zone).append("\";q=").append(quota).append(";w=").append(perSecond ? 1 : 60);
    state.append('"').append(zone).append("\";r=").append(Math.max(0, remaining)).append(";t=")
        .append(seconds(resetMillis));
  }

  /** The request was refused; a request of its key passes again in {@code retryMillis}. */
  public void refused(long retryMillis) {
    retryAfterSeconds = Math.max(1, seconds(retryMillis));
  }

  /** Writes the fields into {@code headers}. */
  public void write(HttpHeaders headers) {
    if (policy.length() == 0) {
      return;
    }
    headers.set("RateLimit-Policy", policy.toString());
    headers.set("RateLimit", state.toString());
    if (retryAfterSeconds >= 0) {
      headers.set("Retry-After", Long.toString(retryAfterSeconds));
    }
  }

  private static long seconds(long millis) {
    return millis <= 0 ? 0 : (millis + 999) / 1000;
  }

  /** nginx's arithmetic: milliseconds for {@code milliRequests} of excess to drain at {@code rateMr}. */
  public static long drainMillis(long milliRequests, long rateMr) {
    return milliRequests <= 0 ? 0 : Math.ceilDiv(milliRequests * 1000, rateMr);
  }
}
