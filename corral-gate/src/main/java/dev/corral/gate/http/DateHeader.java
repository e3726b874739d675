package dev.corral.gate.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The {@code Date} header value (IMF-fixdate, {@code Thu, 03 Dec 2026 07:40:26 GMT}), formatted at most once per
 * second as nginx's cached time ({@code ngx_cached_http_time}): every response in the same second shares one string.
 *
 * <p>Thread-safe: the cached second and its text travel together in one immutable holder published through a
 * volatile field; two threads crossing a second may both format it, with the same result.
 */
public final class DateHeader {
  /** The gate's clock (wall time; a Date header is wall time by definition). */
  public static final DateHeader SYSTEM = new DateHeader(System::currentTimeMillis);

  private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private record Cached(long second, String text) {}

  private final LongSupplier millis;
  private volatile Cached cached = new Cached(Long.MIN_VALUE, "");

  /** A header clock reading wall-clock milliseconds from {@code millis} (tests pass a fake clock). */
  DateHeader(LongSupplier millis) {
    this.millis = millis;
  }

  /** The value for a response sent now. */
  public String now() {
    long second = Math.floorDiv(millis.getAsLong(), 1000L);
    Cached c = cached;
    if (c.second != second) {
      c = new Cached(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
      cached = c;
    }
    return c.text;
  }
}
