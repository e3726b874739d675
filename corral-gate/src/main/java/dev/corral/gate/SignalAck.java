package dev.corral.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a running gate confirms that it acted on a signal, so that {@code corral gate -s …} can tell "done" from
 * "nobody listened" (a gate whose handler is missing, a pid that is not a gate). The gate keeps one line in a file
 * beside its pid file ({@code logs/gate.pid.ack} for {@code logs/gate.pid}), replaced atomically after each signal:
 *
 * <pre>PID SEQUENCE SIGNAL STATE</pre>
 *
 * where SEQUENCE counts the signals this gate process took (from 1), SIGNAL is the name ({@code HUP}) and STATE is
 * {@code received} (the work has begun: a reload is being validated), {@code done} or {@code failed} (a reload that
 * kept the previous configuration). The sender reads the sequence before signalling and waits for a higher one
 * from the same pid. The file is removed when a gate starts and is kept at exit, so a {@code -s stop} can still
 * read the gate's answer.
 *
 * <p>Thread-safe: writes are serialized and each replaces the whole file by a rename, so a reader sees a complete
 * line.
 */
public final class SignalAck {
  /** What a gate wrote for one signal. */
  public record Entry(long pid, long sequence, String signal, String state) {}

  private final Path file;
  private final long pid;
  private final AtomicLong sequence = new AtomicLong();

  private SignalAck(Path file, long pid) {
    this.file = file;
    this.pid = pid;
  }

  /** The acknowledgement file of the gate whose pid file is {@code pidFile}. */
  public static Path fileFor(Path pidFile) {
    return pidFile.resolveSibling(pidFile.getFileName() + ".ack");
  }

  /**
   * The writer for this process, starting a new sequence: a file left by an earlier gate is removed.
   *
   * @throws java.io.UncheckedIOException if the stale file cannot be removed
   */
  static SignalAck startFor(Path pidFile) {
    Path file = fileFor(pidFile);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new SignalAck(file, ProcessHandle.current().pid());
  }

  /** Starts a new acknowledgement for {@code signal} and returns its sequence number. */
  long begin(String signal, String state) {
    long seq = sequence.incrementAndGet();
    write(seq, signal, state);
    return seq;
  }

  /** Replaces the line of acknowledgement {@code seq} with its final {@code state}. */
  synchronized void write(long seq, String signal, String state) {
    if (seq < sequence.get()) {
      return; // a later signal has been acknowledged since: its line wins
    }
    String line = pid + " " + seq + " " + signal + " " + state + "\n";
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, line, StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // The sender then reports that no acknowledgement came, and the gate's error log has the signal's own line.
    }
  }

  /** The last acknowledgement in {@code file}, if any (a missing or unreadable file is none). */
  public static Optional<Entry> read(Path file) {
    try {
      String[] f = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
      return f.length == 4 ? Optional.of(new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3]))
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
