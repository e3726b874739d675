package dev.corral.async.flow;

/** Argument checks whose messages name the argument, the value and what was expected. */
final class Require {
  private Require() {}

  /** Returns {@code value} if it is at least 1. */
  static int atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1)");
    }
    return value;
  }

  /** Returns {@code value} if it is not negative. */
  static int notNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
    return value;
  }
}
