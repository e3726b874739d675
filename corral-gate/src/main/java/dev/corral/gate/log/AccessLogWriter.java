package dev.corral.gate.log;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The access logs: one buffered, appending writer per file, shared by every location logging there. Lines are
 * buffered (64 KiB) and written out by {@link #flush()}, which the gate calls once a second and on shutdown, as
 * nginx's {@code access_log ... buffer= flush=}. {@link #reopen()} reopens every file for logrotate.
 *
 * <p>Thread-safe: one lock guards the writers; event loops hold it only to append to a buffer.
 */
public final class AccessLogWriter implements AutoCloseable {
  static final int BUFFER_SIZE = 64 * 1024;

  private final ErrorLog errorLog;
  private final Map<Path, Writer> writers = new HashMap<>();

  public AccessLogWriter(ErrorLog errorLog) {
    this.errorLog = errorLog;
  }

  /** Appends one line (a newline is added) to {@code file}. */
  public synchronized void write(Path file, String line) {
    Writer w = writers.get(file);
    if (w == null) {
      w = open(file);
      if (w == null) {
        return;
      }
      writers.put(file, w);
    }
    try {
      w.write(line);
      w.write('\n');
    } catch (IOException e) {
      errorLog.error("write() to \"" + file + "\" failed (" + e.getMessage() + ")");
    }
  }

  private Writer open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new java.io.BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND), BUFFER_SIZE);
    } catch (IOException e) {
      errorLog.error("open() \"" + file + "\" failed (" + e.getMessage() + ")");
      return null;
    }
  }

  /** Writes buffered lines out. */
  public synchronized void flush() {
    writers.forEach((file, w) -> {
      try {
        w.flush();
      } catch (IOException e) {
        errorLog.error("flush of \"" + file + "\" failed (" + e.getMessage() + ")");
      }
    });
  }

  /** Flushes and closes every file; the next line to each reopens it. */
  public synchronized void reopen() {
    close();
  }

  @Override
  public synchronized void close() {
    writers.forEach((file, w) -> {
      try {
        w.close();
      } catch (IOException e) {
        errorLog.error("close of \"" + file + "\" failed (" + e.getMessage() + ")");
      }
    });
    writers.clear();
  }
}
