package dev.corral.limit;

/**
 * A limiter configuration is invalid: a builder argument, or a token of a spec string such as
 * {@code rate=10r/s burst=20 nodelay}. The message names the offending token (or parameter), what was
 * expected, and the whole spec when there is one, e.g.
 * {@code invalid rate "10r/x" in "rate=10r/x burst=5": expected <N>r/s, <N>r/m, <N>r/h or <N>r/d, e.g. rate=10r/s}.
 */
public class LimitConfigException extends IllegalArgumentException {

  private final String token;
  private final String expected;

  public LimitConfigException(String message, String token, String expected) {
    super(message);
    this.token = token;
    this.expected = expected;
  }

  /** A plain builder-argument error: {@code "<what>: expected <expected>, got <got>"}. */
  public static LimitConfigException argument(String what, String expected, Object got) {
    return new LimitConfigException(what + ": expected " + expected + ", got " + got, what + "=" + got, expected);
  }

  /** The offending token (e.g. {@code burst=-1}) or parameter, never null. */
  public String token() {
    return token;
  }

  /** What would have been valid, in words, never null. */
  public String expected() {
    return expected;
  }
}
