package dev.corral.gate.files;

import dev.corral.gate.config.Expires;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The {@code Expires} and {@code Cache-Control} values of {@code expires} (ngx_http_set_expires). nginx adds them
 * to answers with status 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 only ({@link #appliesTo}).
 * Stateless and thread-safe.
 */
public final class CacheHeaders {
  /** The two header values. */
  public record Values(String expires, String cacheControl) {}

  private static final Values EPOCH = new Values("Thu, 01 Jan 1970 00:00:01 GMT", "no-cache");
  private static final Values MAX = new Values("Thu, 31 Dec 2037 23:55:55 GMT", "max-age=315360000");

  private CacheHeaders() {}

  /** Whether nginx's headers filter adds {@code expires} headers to an answer with {@code status}. */
  public static boolean appliesTo(int status) {
    return switch (status) {
      case 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 -> true;
      default -> false;
    };
  }

  /**
   * The values for a response sent at {@code now} (epoch seconds) of a file modified at {@code mtime}, or null
   * with {@code expires off} (and for a {@code VARIABLE} line, which the caller first renders and parses); {@code mtime < 0} when there is none ({@code modified} then counts from now).
   *
   * @param zone the time zone of {@code @TIME} (nginx's local time)
   */
  public static Values of(Expires expires, long now, long mtime, ZoneId zone) {
    long at;
    long maxAge;
    switch (expires.mode()) {
      case OFF, VARIABLE -> {
        return null;
      }
      case EPOCH -> {
        return EPOCH;
      }
      case MAX -> {
        return MAX;
      }
      case ACCESS -> {
        at = now + expires.seconds();
        maxAge = expires.seconds();
      }
      case MODIFIED -> {
        // Without a modification time nginx counts from the request's time, as for ACCESS.
        at = (mtime < 0 ? now : mtime) + expires.seconds();
        maxAge = mtime < 0 ? expires.seconds() : at - now;
      }
      case DAILY -> {
        ZonedDateTime today = LocalDate.ofInstant(java.time.Instant.ofEpochSecond(now), zone).atStartOfDay(zone);
        at = today.toEpochSecond() + expires.seconds();
        if (at <= now) {
          at = today.plusDays(1).toEpochSecond() + expires.seconds();
        }
        maxAge = at - now;
      }
      default -> throw new IllegalStateException("unhandled expires mode " + expires.mode());
    }
    String cacheControl = expires.seconds() < 0 || maxAge < 0
        ? "no-cache" : "max-age=" + maxAge;
    return new Values(HttpDates.format(at), cacheControl);
  }
}
