package dev.corral.pm.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.pm.PmException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A JSON file replaced atomically, with the previous version kept as {@code NAME.bak}: the new content goes to
 * {@code NAME.tmp}, is fsynced, the current file is copied to the backup, and the temp file is renamed over the
 * current one. A crash at any point leaves either the old or the new file whole; {@link #read} falls back to the
 * backup if the current file is missing or broken.
 *
 * <p>Not thread-safe for concurrent writers of the same file; the daemon writes from one thread.
 */
public final class AtomicJsonFile<T> {
  private final Path path;
  private final Class<T> type;
  private final ObjectMapper json;

  public AtomicJsonFile(Path path, Class<T> type, ObjectMapper json) {
    this.path = path;
    this.type = type;
    this.json = json;
  }

  public Path path() {
    return path;
  }

  public Path backup() {
    return path.resolveSibling(path.getFileName() + ".bak");
  }

  /** Replaces the file with {@code value}. */
  public void write(T value) {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      if (Files.exists(path)) {
        Files.copy(path, backup(), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new PmException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The current content, else the backup's, else empty when neither exists.
   *
   * @throws PmException if a file exists but neither it nor the backup parses (naming both problems)
   */
  public Optional<T> read() {
    String currentProblem = null;
    for (Path candidate : new Path[] {path, backup()}) {
      if (!Files.exists(candidate)) {
        continue;
      }
      try {
        return Optional.of(json.readValue(candidate.toFile(), type));
      } catch (IOException e) {
        String problem = candidate + ": " + e.getMessage();
        if (currentProblem != null) {
          throw new PmException("cannot read " + currentProblem + "; nor its backup " + problem, e);
        }
        currentProblem = problem;
      }
    }
    if (currentProblem != null) {
      throw new PmException("cannot read " + currentProblem + " (and there is no backup)");
    }
    return Optional.empty();
  }
}
