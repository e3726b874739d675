package dev.corral.gate.log;

import dev.corral.gate.config.ErrorLogTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The error log, in nginx's format ({@code 2026/11/25 04:40:00 [error] 1234#0: message}), to a file or to a
 * stream. Messages below the configured level are dropped. {@link #reopen()} reopens the file (for logrotate).
 *
 * <p>It also writes the error logs of http, server and location levels ({@code error_log} there, an
 * {@link ErrorLogTarget}): {@link #log(List, String, String)} sends a request's line to its level's logs
 * instead of the main one. Each file is opened once however many levels name it (the main log's own file
 * included), on its first line; {@link #reopen()} and a reload ({@link #retarget}) close them, and the next line to
 * each opens it again.
 *
 * <p>Thread-safe: each line is written and flushed under a lock (error lines are rare).
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
  /** The files of http/server/location error logs other than {@link #file}, by path; guarded by this. */
  private final Map<Path, Writer> contextWriters = new HashMap<>();

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
    String line = format(level, message);
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

  /**
   * Logs a request's message at {@code level} to each of its level's error logs ({@code targets}) whose level
   * allows it, or to this main log when {@code targets} is empty (no {@code error_log} at the request's levels).
   */
  public void log(List<ErrorLogTarget> targets, String level, String message) {
    if (targets.isEmpty()) {
      log(level, message);
      return;
    }
    String line = null;
    for (ErrorLogTarget t : targets) {
      if (LEVELS.indexOf(level) >= LEVELS.indexOf(t.level())) {
        line = line == null ? format(level, message) : line;
        write(t, line);
      }
    }
  }

  private void write(ErrorLogTarget t, String line) {
    synchronized (this) {
      Writer out = t.isStderr() ? null : contextWriter(t.file().toAbsolutePath().normalize());
      if (out != null) {
        try {
          out.write(line);
          out.flush();
          return;
        } catch (IOException e) {
          fallback.print("error log write failed (" + e.getMessage() + "): ");
        }
      }
      fallback.print(line);
      fallback.flush();
    }
  }

  /** Opens (creating them) the error logs of http/server/location levels, as nginx does at load; thread-safe. */
  public void openContexts(java.util.Set<Path> files) {
    synchronized (this) {
      files.forEach(this::contextWriter);
    }
  }

  /** The open writer for {@code path}: the main one if it is the main file, else one opened once; null on failure. */
  private Writer contextWriter(Path path) {
    if (file.isPresent() && file.get().toAbsolutePath().normalize().equals(path)) {
      return writer;
    }
    Writer out = contextWriters.get(path);
    if (out == null) {
      try {
        out = open(path);
        contextWriters.put(path, out);
      } catch (IOException e) {
        fallback.println("could not open error log " + path + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static String format(String level, String message) {
    return TIME.format(LocalDateTime.now()) + " [" + level + "] " + ProcessHandle.current().pid() + "#0: "
        + message + "\n";
  }

  private static Writer open(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
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
    closeContextWriters(); // the new configuration's levels open theirs on their first line
    if (file.isEmpty() || file.get().equals(newFile)) {
      return;
    }
    file = Optional.of(newFile);
    reopen();
  }

  /** Reopens the file (after logrotate moved it). */
  public synchronized void reopen() {
    closeContextWriters();
    if (file.isEmpty()) {
      return;
    }
    closeWriter();
    try {
      writer = open(file.get());
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

  private void closeContextWriters() {
    contextWriters.forEach((path, out) -> {
      try {
        out.close();
      } catch (IOException e) {
        fallback.println("could not close error log " + path + ": " + e.getMessage());
      }
    });
    contextWriters.clear();
  }

  @Override
  public synchronized void close() {
    closeContextWriters();
    closeWriter();
  }
}
