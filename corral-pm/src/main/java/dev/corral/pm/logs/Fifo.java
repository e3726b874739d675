package dev.corral.pm.logs;

import dev.corral.pm.reaper.ChildProcesses;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A named pipe carrying one stream of a child's output to the daemon. Named (not anonymous) pipes are what let
 * an app outlive a {@code kill -9} of the daemon: the child opens its end read-write (see the launcher), so it
 * never gets SIGPIPE while no daemon reads, and the next daemon reopens the pipe by name and carries on.
 *
 * <p>{@link #openReader()} never blocks: it holds a temporary write end ("keeper") while opening the read end;
 * the caller releases it with {@link #releaseKeeper()} once the child holds a write end, after which end of stream
 * means every writer (the child's whole tree) has gone.
 *
 * <p>Not thread-safe; used by the thread that launches or adopts the child.
 */
public final class Fifo {
  private final Path path;
  private RandomAccessFile keeper;

  private Fifo(Path path) {
    this.path = path;
  }

  /** Creates named pipes (mode 0600) at the given paths, replacing stale files. */
  public static List<Fifo> create(List<Path> paths) {
    List<String> cmd = new ArrayList<>(List.of("mkfifo", "-m", "600"));
    try {
      for (Path p : paths) {
        Files.deleteIfExists(p);
        cmd.add(p.toString());
      }
      Process mkfifo = ChildProcesses.start(new ProcessBuilder(cmd).redirectErrorStream(true));
      String output = new String(mkfifo.getInputStream().readAllBytes()).trim();
      if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
        throw new IOException("mkfifo failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log pipes " + paths + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating log pipes", e);
    }
    return paths.stream().map(Fifo::new).toList();
  }

  /** An existing named pipe (a child adopted after a daemon restart). */
  public static Fifo existing(Path path) {
    return new Fifo(path);
  }

  public Path path() {
    return path;
  }

  /** Opens the read end without blocking; keeps a write end open until {@link #releaseKeeper()}. */
  public InputStream openReader() {
    try {
      keeper = new RandomAccessFile(path.toFile(), "rw");
      return new FileInputStream(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open log pipe " + path + ": " + e.getMessage(), e);
    }
  }

  /** Closes the temporary write end; call once the child holds its own. */
  public void releaseKeeper() {
    if (keeper != null) {
      try {
        keeper.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close log pipe " + path + ": " + e.getMessage(), e);
      } finally {
        keeper = null;
      }
    }
  }

  /** Deletes the pipe's name (readers and writers that have it open keep working). */
  public void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete log pipe " + path + ": " + e.getMessage(), e);
    }
  }
}
