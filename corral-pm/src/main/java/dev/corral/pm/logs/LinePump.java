package dev.corral.pm.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * Copies a child's output stream into a {@link RotatingLogFile} line by line: only complete lines are written (a
 * partial line waits for its end, or for end of stream, when it gets a newline), so rotation never splits one.
 * Optionally prefixes each line with a timestamp and {@code ": "}, as pm2's {@code log_date_format} does. A line longer than {@link #MAX_LINE} bytes is cut
 * into pieces of that size so memory stays bounded.
 *
 * <p>Runs on the calling thread until end of stream; flushes the file whenever the stream has nothing more
 * buffered, so a quiet app's lines reach the file at once and a busy one's are batched.
 */
public final class LinePump implements Runnable {
  /** Longest line kept whole. */
  public static final int MAX_LINE = 1024 * 1024;

  private final InputStream in;
  private final RotatingLogFile file;
  private final Clock clock;
  private final Optional<LogDateFormat> dateFormat;
  private final Runnable onEnd;
  private final Optional<LineWatch> watch;

  /**
   * @param in the child's stream; closed at end
   * @param file where lines go
   * @param clock source of timestamps
   * @param dateFormat the timestamp prefixed to each line, if any
   * @param onEnd run once after end of stream (or a read error) and the final flush
   */
  public LinePump(InputStream in, RotatingLogFile file, Clock clock, Optional<LogDateFormat> dateFormat,
      Runnable onEnd) {
    this(in, file, clock, dateFormat, onEnd, Optional.empty());
  }

  /** As above, and each line is shown to {@code watch} (before its timestamp is added). */
  public LinePump(InputStream in, RotatingLogFile file, Clock clock, Optional<LogDateFormat> dateFormat,
      Runnable onEnd, Optional<LineWatch> watch) {
    this.in = in;
    this.file = file;
    this.clock = clock;
    this.dateFormat = dateFormat;
    this.onEnd = onEnd;
    this.watch = watch;
  }

  @Override
  public void run() {
    byte[] buf = new byte[16 * 1024];
    byte[] line = new byte[1024];
    int lineLen = 0;
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n' || lineLen + (i - start) >= MAX_LINE) {
            boolean newline = buf[i] == '\n';
            line = append(line, lineLen, buf, start, i - start);
            lineLen += i - start;
            emit(line, lineLen);
            lineLen = 0;
            start = newline ? i + 1 : i;
          }
        }
        line = append(line, lineLen, buf, start, n - start);
        lineLen += n - start;
        if (in.available() == 0) {
          file.flush();
        }
      }
    } catch (IOException e) {
      // The stream broke (the pipe was closed under us); what was read is still written below.
      System.err.println("corral: log stream for " + file.path() + " ended: " + e.getMessage());
    } finally {
      if (lineLen > 0) {
        emit(line, lineLen);
      }
      file.flush();
      onEnd.run();
    }
  }

  private static byte[] append(byte[] line, int lineLen, byte[] src, int off, int len) {
    byte[] target = line;
    if (lineLen + len + 1 > target.length) {
      target = Arrays.copyOf(line, Math.max(target.length * 2, lineLen + len + 1));
    }
    System.arraycopy(src, off, target, lineLen, len);
    return target;
  }

  private void emit(byte[] line, int len) {
    watch.ifPresent(w -> w.accept(line, len));
    byte[] out;
    int outLen;
    if (dateFormat.isPresent()) {
      byte[] prefix = (dateFormat.get().format(clock.instant()) + ": ").getBytes(StandardCharsets.UTF_8);
      out = new byte[prefix.length + len + 1];
      System.arraycopy(prefix, 0, out, 0, prefix.length);
      System.arraycopy(line, 0, out, prefix.length, len);
      outLen = prefix.length + len;
    } else {
      out = line;
      outLen = len;
    }
    out[outLen] = '\n';
    file.write(out, 0, outLen + 1);
  }
}
