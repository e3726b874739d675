package dev.corral.cli.pm;

import java.io.IOException;

/**
 * Decodes the keys {@code monit} understands from a raw terminal: arrow up/down (both {@code ESC [ A} and the
 * keypad form {@code ESC O A}), {@code k}/{@code j}, and {@code q}, {@code Q}, Ctrl-C or end of input to quit.
 *
 * <p>Stateless.
 */
final class MonitKeys {
  /** A key press, as far as monit cares. */
  enum Key { UP, DOWN, QUIT, NONE }

  /** A reader of single characters with a timeout: a char, -1 at end of input, -2 when the time ran out. */
  @FunctionalInterface
  interface CharSource {
    int read(long timeoutMs) throws IOException;
  }

  private static final long SEQUENCE_MS = 50;
  private static final int ESC = 27;
  private static final int CTRL_C = 3;

  private MonitKeys() {}

  /** Waits up to {@code timeoutMs} for one key. */
  static Key next(CharSource in, long timeoutMs) throws IOException {
    int c = in.read(timeoutMs);
    if (c == -1 || c == 'q' || c == 'Q' || c == CTRL_C) {
      return Key.QUIT;
    }
    if (c == 'k') {
      return Key.UP;
    }
    if (c == 'j') {
      return Key.DOWN;
    }
    if (c == ESC) {
      int bracket = in.read(SEQUENCE_MS);
      if (bracket == '[' || bracket == 'O') {
        int code = in.read(SEQUENCE_MS);
        return code == 'A' ? Key.UP : code == 'B' ? Key.DOWN : Key.NONE;
      }
    }
    return Key.NONE;
  }
}
