package dev.corral.pm.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * Follows a log file by name, like {@code tail -F}: {@link #poll} returns the complete lines appended since the
 * last call. When the file is rotated (a new file appears under the name), the old one is read to its end first,
 * so no line is lost or repeated across a rotation; when it is truncated ({@code flush}), reading restarts at 0.
 *
 * <p>Not thread-safe; one follower per file, polled by one thread.
 */
public final class LogFollower implements AutoCloseable {
  private final Path path;
  private FileChannel channel;
  private Object fileKey;
  private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
  private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

  /**
   * @param path the live log
   * @param fromEnd start at the current end (true) or at the beginning
   */
  public LogFollower(Path path, boolean fromEnd) {
    this.path = path;
    open(fromEnd);
  }

  /** Hands each new complete line to {@code sink}; returns how many. */
  public int poll(Consumer<String> sink) {
    int count = 0;
    try {
      if (channel == null) {
        open(false);
        if (channel == null) {
          return 0;
        }
      }
      if (channel.size() < channel.position()) {
        channel.position(0); // truncated by a flush
        partial.reset();
      }
      count += drain(sink);
      Object current = keyOf(path);
      if (current != null && !current.equals(fileKey)) {
        count += drain(sink); // rotated: finish the old file, then switch
        channel.close();
        channel = null;
        partial.reset();
        open(false);
        if (channel != null) {
          count += drain(sink);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot follow " + path + ": " + e.getMessage(), e);
    }
    return count;
  }

  private int drain(Consumer<String> sink) throws IOException {
    int count = 0;
    while (true) {
      buf.clear();
      int n = channel.read(buf);
      if (n <= 0) {
        return count;
      }
      byte[] bytes = buf.array();
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (bytes[i] == '\n') {
          partial.write(bytes, start, i - start);
          sink.accept(partial.toString(StandardCharsets.UTF_8));
          partial.reset();
          count++;
          start = i + 1;
        }
      }
      partial.write(bytes, start, n - start);
    }
  }

  private void open(boolean fromEnd) {
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      fileKey = keyOf(path);
      if (fromEnd) {
        channel.position(channel.size());
      }
    } catch (NoSuchFileException e) {
      channel = null; // not created yet: the next poll tries again
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
    }
  }

  private static Object keyOf(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null; // between rename and re-create: no file under the name right now
    }
  }

  @Override
  public void close() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
    }
  }
}
