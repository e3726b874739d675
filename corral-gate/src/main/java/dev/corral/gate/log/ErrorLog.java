package dev.corral.gate.log;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The error log, in nginx's format ({@code 2026/11/25 04:40:00 [error] 1234#0: message}), to a file or to a
 * stream. Messages below the configured level are dropped. {@link #reopen()} reopens the file (for logrotate).
 * Thread-safe: each line is written and flushed under a lock (error lines are rare).
 */
public final class ErrorLog implements AutoCloseable {
  /** nginx's levels, lowest first. */
  public static final List<String> LEVELS = List.of("debug", "info", "notice", "warn", "error", "crit", "alert",
      "emerg");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);

  /** Guarded by this; changed only by {@link #retarget}. */
  private Optional<Path> file;
  private final PrintStream fallback;
  private volatile int minLevel;
  private Writer writer;

  private ErrorLog(Optional<Path> file, PrintStream fallback, String level) {
    this.file = file;
    this.fallback = fallback;
    this.minLevel = Math.max(0, LEVELS.indexOf(level));
  }

  /** A log appending to {@code file} (created with its directory); falls back to {@code fallback} on I/O error. */
  public static ErrorLog toFile(Path file, String level, PrintStream fallback) {
    ErrorLog log = new ErrorLog(Optional.of(file), fallback, level);
    log.reopen();
    return log;
  }

  /** A log writing to a stream (for the foreground and tests). */
  public static ErrorLog toStream(PrintStream out, String level) {
    return new ErrorLog(Optional.empty(), out, level);
  }

  /** Logs at {@code level} ({@code error}, {@code warn}, {@code notice}, ...). */
  public void log(String level, String message) {
    if (LEVELS.indexOf(level) < minLevel) {
      return;
    }
    String line = TIME.format(LocalDateTime.now()) + " [" + level + "] " + ProcessHandle.current().pid() + "#0: "
        + message + "\n";
    synchronized (this) {
      if (writer != null) {
        try {
          writer.write(line);
          writer.flush();
          return;
        } catch (IOException e) {
          fallback.print("error log write failed (" + e.getMessage() + "): ");
        }
      }
      fallback.print(line);
      fallback.flush();
    }
  }

  public void error(String message) {
    log("error", message);
  }

  public void warn(String message) {
    log("warn", message);
  }

  public void notice(String message) {
    log("notice", message);
  }

  /**
   * Switches to another file and level (a reload with a changed {@code error_log}); a stream log only takes the
   * new level. Lines logged meanwhile go to the old or the new file, none is lost.
   */
  public synchronized void retarget(Path newFile, String level) {
    minLevel = Math.max(0, LEVELS.indexOf(level));
    if (file.isEmpty() || file.get().equals(newFile)) {
      return;
    }
    file = Optional.of(newFile);
    reopen();
  }

  /** Reopens the file (after logrotate moved it). */
  public synchronized void reopen() {
    if (file.isEmpty()) {
      return;
    }
    closeWriter();
    try {
      Path parent = file.get().toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      writer = Files.newBufferedWriter(file.get(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      writer = null;
      fallback.println("could not open error log " + file.get() + ": " + e.getMessage());
    }
  }

  private void closeWriter() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        fallback.println("could not close error log: " + e.getMessage());
      }
      writer = null;
    }
  }

  @Override
  public synchronized void close() {
    closeWriter();
  }
}
