package dev.corral.pm.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a rotated log: read backwards from the live file, then from {@code .1}, {@code .2}… until
 * enough lines are found. Reads only the tail of each file, so a 10 MB log costs a few KB. Stateless.
 */
public final class LogTail {
  private static final int CHUNK = 16 * 1024;

  private LogTail() {}

  /**
   * @param live the live log file
   * @param n lines wanted
   * @return up to {@code n} last lines, oldest first
   */
  public static List<String> last(Path live, int n) {
    Deque<String> lines = new ArrayDeque<>();
    List<Path> files = new ArrayList<>();
    files.add(live);
    for (int i = 1; Files.exists(RotatingLogFile.rotated(live, i)) && i < 1000; i++) {
      files.add(RotatingLogFile.rotated(live, i));
    }
    for (Path file : files) {
      if (lines.size() >= n) {
        break;
      }
      List<String> tail = lastOf(file, n - lines.size());
      for (int i = tail.size() - 1; i >= 0; i--) {
        lines.addFirst(tail.get(i));
      }
    }
    return new ArrayList<>(lines);
  }

  private static List<String> lastOf(Path file, int n) {
    if (n <= 0 || !Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long end = raf.length();
      long start = end;
      int newlines = 0;
      byte[] buf = new byte[CHUNK];
      // Walk back until n+1 newlines are behind us (the last byte is normally a newline itself).
      while (start > 0 && newlines <= n) {
        int len = (int) Math.min(CHUNK, start);
        start -= len;
        raf.seek(start);
        raf.readFully(buf, 0, len);
        for (int i = 0; i < len; i++) {
          if (buf[i] == '\n') {
            newlines++;
          }
        }
      }
      byte[] all = new byte[(int) (end - start)];
      raf.seek(start);
      raf.readFully(all);
      List<String> lines = new String(all, StandardCharsets.UTF_8).lines().toList();
      if (start > 0 && !lines.isEmpty()) {
        lines = lines.subList(1, lines.size()); // the first one may be cut
      }
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
