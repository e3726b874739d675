package dev.corral.pm.process;

import dev.corral.pm.logs.RotatingLogFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The open log files of all instances, one {@link RotatingLogFile} per path. Instances that log to the same path
 * ({@code merge_logs}, or two apps given the same {@code out_file}) share one object, so their lines go through
 * one lock and one rotation and are never torn or interleaved mid-line. A file is closed when its last user
 * releases it.
 *
 * <p>Thread-safe (synchronized); in practice called on the supervisor loop.
 */
final class LogFiles {
  private record Shared(RotatingLogFile file, int users) {}

  // Guarded by this: open files by absolute path.
  private final Map<Path, Shared> open = new HashMap<>();

  /** The file at {@code path}, opened with these rotation settings by its first user. */
  synchronized RotatingLogFile acquire(Path path, long maxBytes, int keep) {
    Path key = path.toAbsolutePath().normalize();
    Shared shared = open.get(key);
    if (shared == null) {
      shared = new Shared(new RotatingLogFile(key, maxBytes, keep), 0);
    }
    open.put(key, new Shared(shared.file(), shared.users() + 1));
    return shared.file();
  }

  /** One user is done with the file; the last one closes it. */
  synchronized void release(RotatingLogFile file) {
    Shared shared = open.get(file.path());
    if (shared == null || shared.file() != file) {
      file.close();
      return;
    }
    if (shared.users() <= 1) {
      open.remove(file.path());
      file.close();
    } else {
      open.put(file.path(), new Shared(file, shared.users() - 1));
    }
  }
}
