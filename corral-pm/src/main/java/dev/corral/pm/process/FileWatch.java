package dev.corral.pm.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.stream.Stream;

/**
 * Watches an app's files ({@code watch}) recursively, skipping {@code ignore_watch} globs, and calls back on every
 * relevant change; the supervisor debounces the callbacks into one restart. New folders are watched as they
 * appear. Uses the JDK's {@link WatchService} (inotify on Linux).
 *
 * <p>One platform thread per watched app blocks on the service; {@link #close()} ends it. The callback runs on that
 * thread and must only hand work over (to the supervisor loop).
 */
final class FileWatch implements AutoCloseable {
  private final Path root;
  private final List<PathMatcher> ignore;
  private final Runnable onChange;
  private final WatchService service;

  /**
   * @param root the app's cwd; {@code paths} are relative to it
   * @throws UncheckedIOException if the watch cannot be set up (a missing path is reported by name)
   */
  FileWatch(Path root, List<String> paths, List<String> ignoreGlobs, Runnable onChange, String name) {
    this.root = root;
    this.ignore = ignoreGlobs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    this.onChange = onChange;
    try {
      this.service = FileSystems.getDefault().newWatchService();
      for (String p : paths) {
        Path dir = root.resolve(p).normalize();
        if (!Files.exists(dir)) {
          throw new IllegalArgumentException("watch: " + p + " (expected: a path that exists under " + root + ")");
        }
        registerTree(Files.isDirectory(dir) ? dir : dir.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + paths + ": " + e.getMessage(), e);
    }
    Thread t = new Thread(this::run, "corral-watch-" + name);
    t.setDaemon(true);
    t.start();
  }

  private void registerTree(Path dir) throws IOException {
    try (Stream<Path> dirs = Files.walk(dir)) {
      for (Path d : dirs.filter(Files::isDirectory).filter(d -> !ignored(d)).toList()) {
        d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    }
  }

  /** Whether a path, or any of its names below the root, matches an ignore glob. */
  boolean ignored(Path path) {
    Path rel = root.relativize(path.toAbsolutePath().normalize());
    for (PathMatcher m : ignore) {
      if (m.matches(rel)) {
        return true;
      }
      for (Path part : rel) {
        if (m.matches(part)) {
          return true;
        }
      }
    }
    return false;
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            relevant = true;
            continue;
          }
          Path changed = ((Path) key.watchable()).resolve((Path) event.context());
          if (ignored(changed)) {
            continue;
          }
          relevant = true;
          if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
            registerTree(changed);
          }
        }
        key.reset();
        if (relevant) {
          onChange.run();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      // close() was called: the watch is over
    } catch (IOException e) {
      System.err.println("corral: watching " + root + " stopped: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the watch of " + root + ": " + e.getMessage(), e);
    }
  }
}
