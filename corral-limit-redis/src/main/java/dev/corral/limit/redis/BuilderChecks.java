package dev.corral.limit.redis;

import java.time.Duration;

/**
 * The argument checks the Redis limiters' builders share: names and key prefixes become parts of Redis keys inside a
 * hash tag, so they must not contain braces. Each check throws {@link IllegalArgumentException} naming the setting,
 * the value and what was expected.
 */
final class BuilderChecks {
  private BuilderChecks() {}

  /** A limit's name: non-blank, without {@code {} or {@code }}. */
  static String name(String name) {
    if (name == null || name.isBlank() || name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
      throw new IllegalArgumentException("name: " + (name == null ? null : "\"" + name + "\"")
          + " (expected: non-blank, without { or })");
    }
    return name;
  }

  /** The start of every Redis key: any text without {@code {} or {@code }}. */
  static String keyPrefix(String keyPrefix) {
    if (keyPrefix == null || keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException("keyPrefix: " + keyPrefix + " (expected: text without { or })");
    }
    return keyPrefix;
  }

  /** A duration setting that must be above zero. */
  static Duration positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + ": " + d + " (expected: > 0)");
    }
    return d;
  }
}
