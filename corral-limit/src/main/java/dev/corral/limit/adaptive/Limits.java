package dev.corral.limit.adaptive;

/** Arithmetic the adaptive limits share. */
final class Limits {
  private Limits() {
  }

  /** Netflix's {@code Log10RootIntFunction}: max(1, (int) log10(n)). */
  static int log10(int n) {
    return Math.max(1, (int) Math.log10(Math.max(1, n)));
  }
}
