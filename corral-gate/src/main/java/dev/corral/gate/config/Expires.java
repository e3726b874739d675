package dev.corral.gate.config;

/**
 * nginx's {@code expires [modified] TIME | epoch | max | off}: the {@code Expires} and {@code Cache-Control}
 * headers of a response (ngx_http_headers_filter). Immutable.
 *
 * @param mode what to send
 * @param seconds for {@link Mode#ACCESS} and {@link Mode#MODIFIED}: the offset from the request's time or the
 *     file's modification time (may be negative); for {@link Mode#DAILY}: the time of day, in seconds after
 *     midnight
 */
public record Expires(Mode mode, long seconds) {
  /** No headers are added ({@code expires off}, the default). */
  public static final Expires OFF = new Expires(Mode.OFF, 0);

  /** The kinds of {@code expires}. */
  public enum Mode {
    /** Nothing added. */
    OFF,
    /** {@code epoch}: {@code Expires: Thu, 01 Jan 1970 00:00:01 GMT}, {@code Cache-Control: no-cache}. */
    EPOCH,
    /** {@code max}: {@code Expires: Thu, 31 Dec 2037 23:55:55 GMT}, {@code Cache-Control: max-age=315360000}. */
    MAX,
    /** {@code TIME}: the request's time plus {@link #seconds}. */
    ACCESS,
    /** {@code modified TIME}: the file's modification time plus {@link #seconds}. */
    MODIFIED,
    /** {@code @TIME}: the next time of day {@link #seconds} after midnight. */
    DAILY
  }
}
