package dev.corral.gate.config;

import java.util.Optional;

/**
 * nginx's {@code expires [modified] TIME | epoch | max | off}: the {@code Expires} and {@code Cache-Control}
 * headers of a response (ngx_http_headers_filter). Immutable.
 *
 * @param mode what to send
 * @param seconds for {@link Mode#ACCESS} and {@link Mode#MODIFIED}: the offset from the request's time or the
 *     file's modification time (may be negative); for {@link Mode#DAILY}: the time of day, in seconds after
 *     midnight
 * @param value for {@link Mode#VARIABLE}: the text with variables, read per request with {@link #parse}
 * @param modified for {@link Mode#VARIABLE}: whether the line said {@code modified}
 */
public record Expires(Mode mode, long seconds, Optional<Template> value, boolean modified) {
  /** No headers are added ({@code expires off}, the default). */
  public static final Expires OFF = new Expires(Mode.OFF, 0);

  /** An {@code expires} without variables. */
  public Expires(Mode mode, long seconds) {
    this(mode, seconds, Optional.empty(), false);
  }

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
    DAILY,
    /** A value with variables ({@code expires $arg_e}), parsed per request. */
    VARIABLE
  }

  /**
   * A rendered value of a {@link Mode#VARIABLE} line, as nginx reads it per request: empty when the value is
   * empty or invalid (nginx then adds no header), and when {@code modified} comes with epoch, max or off.
   */
  public static Optional<Expires> parse(String value, boolean modified) {
    return Optional.ofNullable(ExpiresParser.value(value, modified));
  }
}
