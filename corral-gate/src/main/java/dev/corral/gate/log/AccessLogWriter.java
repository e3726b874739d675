package dev.corral.gate.log;

import dev.corral.gate.config.AccessLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The access logs: one buffered, appending {@link LogFile} per file, shared by every location logging there, with
 * the buffering {@link #configure configured} for it ({@code access_log ... buffer=SIZE flush=TIME}), or none: as in
 * nginx, a file without {@code buffer=} gets each line when its request ends. Configured files are created by
 * {@link #configure} (nginx opens its logs when it loads the configuration), so {@code tail -f} finds them at
 * once. The gate calls {@link #flush()} once a second: it writes the files with {@code flush=} whose oldest line is
 * due (so {@code flush=} is honoured to within a second); a file with {@code buffer=} and no {@code flush=} is
 * written when its buffer fills. {@link #reopen()} and {@link #close()} write every buffer out.
 *
 * <p>Thread-safe: one lock guards the files; event loops hold it only to copy a line into a buffer (or, when the
 * buffer is full, to write it out).
 */
public final class AccessLogWriter implements AutoCloseable {
  /** The buffering of a file the configuration does not name (Corral's default). */
  private static final AccessLog DEFAULT = AccessLog.off();
  /** How often the gate calls {@link #flush()}. */
  private static final Duration FLUSH_PERIOD = Duration.ofSeconds(1);
  private final ErrorLog errorLog;
  private final LongSupplier nanoClock;
  private final Map<Path, LogFile> files = new HashMap<>();
  /** The buffering per file from the configuration; files not named here get the default. */
  private Map<Path, AccessLog> buffering = Map.of();

  /** A writer using the system's monotonic clock. */
  public AccessLogWriter(ErrorLog errorLog) {
    this(errorLog, System::nanoTime);
  }

  /** A writer reading time (for {@code flush=}) from {@code nanoClock}. */
  public AccessLogWriter(ErrorLog errorLog, LongSupplier nanoClock) {
    this.errorLog = errorLog;
    this.nanoClock = nanoClock;
  }

  /**
   * Takes the buffering of each log file from a (new) configuration; a file whose buffering changed has its
   * buffer written out and starts a new one. Every configured file is opened (created) now; one that cannot be is
   * reported in the error log, with nginx's {@code open() "PATH" failed (REASON)}.
   */
  public synchronized void configure(Map<Path, AccessLog> logs) {
    buffering = Map.copyOf(logs);
    files.values().removeIf(f -> {
      AccessLog log = buffering.getOrDefault(f.path(), DEFAULT);
      boolean same = f.sameBuffering(log.bufferSize(), log.flush());
      if (!same) {
        closeQuietly(f);
      }
      return !same;
    });
    openConfigured();
  }

  private void openConfigured() {
    for (Path file : buffering.keySet()) {
      try {
        files.computeIfAbsent(file, this::newFile).open();
      } catch (IOException e) {
        errorLog.error("open() \"" + file + "\" failed (" + SystemErrors.describe(e) + ")");
      }
    }
  }

  /** Appends one line (a newline is added) to {@code file}. */
  public void write(Path file, String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      LogFile f = files.computeIfAbsent(file, this::newFile);
      try {
        f.append(bytes, nanoClock.getAsLong());
      } catch (IOException e) {
        errorLog.error("write() to \"" + file + "\" failed (" + SystemErrors.describe(e) + ")");
      }
    }
  }

  private LogFile newFile(Path file) {
    AccessLog log = buffering.getOrDefault(file, DEFAULT);
    return new LogFile(file, log.bufferSize(), log.flush());
  }

  /**
   * The periodic flush (once a second): files with a {@code flush=} of a second or less are written out (their
   * lines would be due before the next call), others with {@code flush=} when due.
   */
  public synchronized void flush() {
    long now = nanoClock.getAsLong();
    files.forEach((file, f) -> {
      try {
        Optional<Duration> period = buffering.getOrDefault(file, DEFAULT).flush();
        if (period.isPresent() && period.get().compareTo(FLUSH_PERIOD) <= 0) {
          f.writeBuffer();
        } else {
          f.flushIfDue(now);
        }
      } catch (IOException e) {
        errorLog.error("write() to \"" + file + "\" failed (" + SystemErrors.describe(e) + ")");
      }
    });
  }

  /** Writes every buffer out, closes every file and opens the configured ones again (logrotate). */
  public synchronized void reopen() {
    close();
    openConfigured();
  }

  @Override
  public synchronized void close() {
    files.values().forEach(this::closeQuietly);
    files.clear();
  }

  private void closeQuietly(LogFile f) {
    try {
      f.close();
    } catch (IOException e) {
      errorLog.error("close() \"" + f.path() + "\" failed (" + SystemErrors.describe(e) + ")");
    }
  }
}
