package dev.corral.limit.adaptive;

import dev.corral.limit.LimitConfigException;

final class Limits {
  private Limits() {
  }

  static void check(int min, int initial, int max) {
    if (min < 1) {
      throw LimitConfigException.argument("minLimit", "at least 1", min);
    }
    if (max < min) {
      throw LimitConfigException.argument("maxLimit", "at least minLimit (" + min + ")", max);
    }
    if (initial < min || initial > max) {
      throw LimitConfigException.argument("initialLimit", "between minLimit (" + min + ") and maxLimit ("
          + max + ")", initial);
    }
  }

  /** Netflix's {@code Log10RootIntFunction}: max(1, (int) log10(n)). */
  static int log10(int n) {
    return Math.max(1, (int) Math.log10(Math.max(1, n)));
  }
}
