package dev.corral.gate.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * One access log file with its buffer, following nginx's {@code access_log ... buffer=SIZE flush=TIME}: a line is
 * copied into the buffer; a line that does not fit writes the buffer out first, a line longer than the buffer is
 * written directly; the buffer is written when its oldest line is older than {@code flush}. A buffer of size 0
 * (no {@code buffer=}) writes every line at once, one write per line as nginx. The file is opened (created,
 * appending) by {@link #open()} or on the first line after construction or {@link #close()}.
 *
 * <p>Not thread-safe: {@link AccessLogWriter} serializes access.
 */
final class LogFile {
  private final Path path;
  private final byte[] buffer;
  private final Optional<Duration> flush;
  /** Bytes in {@link #buffer}. */
  private int used;
  /** When the oldest buffered line was added (the clock's nanoseconds); meaningful only while {@code used > 0}. */
  private long oldestNanos;
  /** Null until the first write, and after close. */
  private OutputStream out;

  LogFile(Path path, int bufferSize, Optional<Duration> flush) {
    this.path = path;
    this.buffer = new byte[bufferSize];
    this.flush = flush;
  }

  Path path() {
    return path;
  }

  /** Whether this file buffers as {@code bufferSize}/{@code flush} ask (else the writer makes a new one). */
  boolean sameBuffering(int bufferSize, Optional<Duration> flush) {
    return buffer.length == bufferSize && this.flush.equals(flush);
  }

  /** Opens (creates) the file now if it is not open. */
  void open() throws IOException {
    stream();
  }

  /** Adds one line (its newline included). */
  void append(byte[] line, long nowNanos) throws IOException {
    if (used > 0 && used + line.length > buffer.length) {
      writeBuffer();
    }
    if (line.length > buffer.length) {
      stream().write(line);
      return;
    }
    if (used == 0) {
      oldestNanos = nowNanos;
    }
    System.arraycopy(line, 0, buffer, used, line.length);
    used += line.length;
    flushIfDue(nowNanos);
  }

  /** Writes the buffer out if {@code flush} has passed since its oldest line. */
  void flushIfDue(long nowNanos) throws IOException {
    if (used > 0 && flush.isPresent() && nowNanos - oldestNanos >= flush.get().toNanos()) {
      writeBuffer();
    }
  }

  /** Writes the buffer out now. */
  void writeBuffer() throws IOException {
    if (used == 0) {
      return;
    }
    int n = used;
    used = 0;
    OutputStream s = stream();
    s.write(buffer, 0, n);
    s.flush();
  }

  /** Writes the buffer out and closes the file; the next line reopens it (logrotate). */
  void close() throws IOException {
    try {
      writeBuffer();
    } finally {
      if (out != null) {
        OutputStream s = out;
        out = null;
        s.close();
      }
    }
  }

  private OutputStream stream() throws IOException {
    if (out == null) {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    }
    return out;
  }
}
