package dev.corral.pm.logs;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches an output stream for the first line containing a text ({@code ready_line}, e.g. Spring Boot's
 * "Started"), then runs an action once and stops looking, so heavy output pays one byte comparison loop per line
 * only until the match.
 *
 * <p>Thread-safe: the action runs at most once, on the pump thread that saw the line.
 */
public final class LineWatch {
  private final byte[] needle;
  private final Runnable onMatch;
  private final AtomicBoolean matched = new AtomicBoolean();

  /**
   * @param text the text to look for (UTF-8), not empty
   * @param onMatch run once, on the first line that contains it
   */
  public LineWatch(String text, Runnable onMatch) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("ready_line: " + text + " (expected: a non-empty text)");
    }
    this.needle = text.getBytes(StandardCharsets.UTF_8);
    this.onMatch = onMatch;
  }

  /** Looks at one line ({@code len} bytes of {@code line}, without its newline). */
  void accept(byte[] line, int len) {
    if (!matched.get() && contains(line, len) && matched.compareAndSet(false, true)) {
      onMatch.run();
    }
  }

  private boolean contains(byte[] line, int len) {
    outer:
    for (int i = 0; i + needle.length <= len; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (line[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
