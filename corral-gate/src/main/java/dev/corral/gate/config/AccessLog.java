package dev.corral.gate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An {@code access_log PATH [FORMAT] [buffer=SIZE [flush=TIME]]} or {@code access_log off}: {@code path} is empty
 * when logging is off. The default format is nginx's {@code combined}.
 *
 * <p>Buffering: with {@code buffer=SIZE}, lines collect in a buffer of that size and are written when it is full,
 * when {@code flush=TIME} has passed since the oldest line in it, on {@code reopen} and at exit — nginx's rules.
 * Without {@code buffer=}, each line is written when its request ends, as nginx does ({@link #UNBUFFERED}); the
 * file is created when the configuration is loaded, not on the first line.
 *
 * @param bufferSize bytes buffered before a write; {@link #UNBUFFERED} (0) writes each line at once
 * @param flush the longest a line waits in the buffer; empty: until the buffer is full (or reopen/exit)
 */
public record AccessLog(Optional<Path> path, String formatName, Template format, int bufferSize,
    Optional<Duration> flush) {
  public static final String COMBINED_NAME = "combined";
  public static final String COMBINED = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
      + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";
  /** The buffer size without {@code buffer=}: none, each line is written when its request ends. */
  public static final int UNBUFFERED = 0;

  public AccessLog {
    if (bufferSize < 0 || (bufferSize == UNBUFFERED && flush.isPresent())) {
      throw new IllegalArgumentException("bufferSize: " + bufferSize + " with flush " + flush
          + " (expected: > 0, or 0 without flush)");
    }
  }

  /** A log without {@code buffer=}: each line written at once. */
  public AccessLog(Optional<Path> path, String formatName, Template format) {
    this(path, formatName, format, UNBUFFERED, Optional.empty());
  }

  /** {@code access_log off}. */
  public static AccessLog off() {
    return new AccessLog(Optional.empty(), COMBINED_NAME, Template.literal(""));
  }

  /** Whether both write to the same file with different buffering (nginx refuses that). */
  boolean conflictsWith(AccessLog other) {
    return path.isPresent() && path.equals(other.path())
        && (bufferSize != other.bufferSize() || !flush.equals(other.flush()));
  }
}
