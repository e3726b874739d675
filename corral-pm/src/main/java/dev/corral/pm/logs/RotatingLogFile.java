package dev.corral.pm.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only log file rotated by size: when the next write would push it past {@code maxBytes}, the file is
 * renamed to {@code NAME.1} (older ones shift to {@code .2} … {@code .keep}, the oldest is deleted) and a new
 * file is started. Callers write whole lines, and rotation only happens between writes, so a line is never torn
 * across two files, lost or written twice.
 *
 * <p>Thread-safety: all methods are synchronized; in practice one pump thread writes and a {@code flush}
 * command may truncate.
 */
public final class RotatingLogFile implements AutoCloseable {
  private final Path path;
  private final long maxBytes;
  private final int keep;
  // Guarded by this: the open stream and the bytes in the current file.
  private OutputStream out;
  private long size;

  /**
   * @param path the live file; its folder must exist
   * @param maxBytes rotate before a write would exceed this (a single larger line still goes in whole)
   * @param keep rotated files kept
   */
  public RotatingLogFile(Path path, long maxBytes, int keep) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    if (keep < 1) {
      throw new IllegalArgumentException("keep: " + keep + " (expected: >= 1)");
    }
    this.path = path;
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  /** The live file. */
  public Path path() {
    return path;
  }

  /** The n-th rotated file ({@code n} ≥ 1; 1 is the newest). */
  public static Path rotated(Path live, int n) {
    return live.resolveSibling(live.getFileName() + "." + n);
  }

  /** Appends {@code len} bytes holding whole lines, rotating first if they would not fit. */
  public synchronized void write(byte[] bytes, int off, int len) {
    try {
      if (out == null) {
        open();
      }
      if (size > 0 && size + len > maxBytes) {
        rotate();
      }
      out.write(bytes, off, len);
      size += len;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write log " + path + ": " + e.getMessage(), e);
    }
  }

  /** Pushes buffered bytes to the file. */
  public synchronized void flush() {
    if (out != null) {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write log " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /** Empties the live file and deletes the rotated ones ({@code corral flush}). */
  public synchronized void truncate() {
    try {
      closeStream();
      for (int n = 1; n <= keep; n++) {
        Files.deleteIfExists(rotated(path, n));
      }
      Files.write(path, new byte[0]);
      size = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush log " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      closeStream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close log " + path + ": " + e.getMessage(), e);
    }
  }

  private void open() throws IOException {
    out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE), 16 * 1024);
    size = Files.size(path);
  }

  private void closeStream() throws IOException {
    if (out != null) {
      OutputStream o = out;
      out = null;
      o.close();
    }
  }

  private void rotate() throws IOException {
    closeStream();
    Files.deleteIfExists(rotated(path, keep));
    for (int n = keep - 1; n >= 1; n--) {
      Path from = rotated(path, n);
      if (Files.exists(from)) {
        Files.move(from, rotated(path, n + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(path, rotated(path, 1), StandardCopyOption.REPLACE_EXISTING);
    open();
  }
}
