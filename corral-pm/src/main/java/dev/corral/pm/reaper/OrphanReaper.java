package dev.corral.pm.reaper;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reaps the zombies of orphaned descendants, for {@code corral start --no-daemon} as PID 1 of a container
 * (pm2-runtime's job; what {@code tini} or {@code docker run --init} would otherwise do).
 *
 * <p>When an app's process exits before its own children, the kernel re-parents them to the nearest child
 * subreaper — PID 1 in a container, or this JVM once {@link #install} has made it one with {@code prctl(
 * PR_SET_CHILD_SUBREAPER)}. A JVM only waits for the processes it started, so such orphans would stay zombies
 * forever. {@link #reap} lists this process's children that are zombies and that it did not start itself (see
 * {@link ChildProcesses}) and waits for exactly those ({@code waitpid(pid, WNOHANG)}): the exit status of the apps'
 * own processes stays the JDK's to collect, so exit codes and restarts are unchanged.
 *
 * <p>Linux only (it reads {@code /proc}); elsewhere, or without the Foreign Function API, {@link #install} returns
 * a reaper that does nothing, and says why in a DEBUG line of the {@code dev.corral.pm} logger. Thread-safe.
 */
public final class OrphanReaper {
  private static final System.Logger LOG = System.getLogger("dev.corral.pm");

  private final Optional<LibcProcessCalls> calls;
  private final Path proc;
  private final long self;

  private OrphanReaper(Optional<LibcProcessCalls> calls, Path proc, long self) {
    this.calls = calls;
    this.proc = proc;
    this.self = self;
  }

  /**
   * Makes this JVM a child subreaper and returns its reaper; a no-op reaper where that is not possible. Call it
   * once, before the apps start, in a process whose every child is started through {@link ChildProcesses}.
   */
  public static OrphanReaper install() {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc.resolve("self"))) {
      LOG.log(Level.DEBUG, "no /proc: orphaned processes are not reaped by corral");
      return new OrphanReaper(Optional.empty(), proc, 0);
    }
    LibcProcessCalls.Result loaded = LibcProcessCalls.load();
    if (loaded.calls().isEmpty()) {
      LOG.log(Level.DEBUG, "orphaned processes are not reaped by corral: " + loaded.whyNot());
      return new OrphanReaper(Optional.empty(), proc, 0);
    }
    long self = ProcessHandle.current().pid();
    if (!loaded.calls().get().becomeSubreaper() && self != 1) {
      LOG.log(Level.DEBUG, "prctl(PR_SET_CHILD_SUBREAPER) failed: orphans go to init, not to corral");
    }
    return new OrphanReaper(loaded.calls(), proc, self);
  }

  /** Whether this reaper reaps at all (Linux, with the Foreign Function API). */
  public boolean active() {
    return calls.isPresent();
  }

  /**
   * Waits for every child of this process that is a zombie and was not started through {@link ChildProcesses};
   * returns how many were reaped. Never blocks on a live process.
   */
  public int reap() {
    if (calls.isEmpty()) {
      return 0;
    }
    return ChildProcesses.whileNoneStarts(started -> {
      int reaped = 0;
      for (long pid : orphanZombies(proc, self, started)) {
        if (calls.get().reap(pid)) {
          reaped++;
        }
      }
      return reaped;
    });
  }

  /**
   * The children of {@code self} under the {@code proc} file system that are zombies and not in {@code started}.
   * Children come from {@code /proc/SELF/task/TID/children} when the kernel has it, else from every process's
   * parent pid.
   */
  static List<Long> orphanZombies(Path proc, long self, Set<Long> started) {
    List<Long> zombies = new ArrayList<>();
    for (long pid : children(proc, self)) {
      if (started.contains(pid)) {
        continue;
      }
      String[] f = statFields(proc.resolve(Long.toString(pid)).resolve("stat"));
      // After the comm field: state ppid ...; a pid re-used since the listing has another parent.
      if (f.length > 1 && f[0].equals("Z") && f[1].equals(Long.toString(self))) {
        zombies.add(pid);
      }
    }
    return zombies;
  }

  private static Set<Long> children(Path proc, long self) {
    Set<Long> children = new LinkedHashSet<>();
    Path tasks = proc.resolve(Long.toString(self)).resolve("task");
    boolean listed = false;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
      for (Path task : dirs) {
        Path file = task.resolve("children");
        if (Files.exists(file)) {
          listed = true;
          for (String pid : Files.readString(file).trim().split("\\s+")) {
            if (isNumber(pid)) {
              children.add(Long.parseLong(pid));
            }
          }
        }
      }
    } catch (IOException e) {
      // a thread that ended while we listed: what was read is enough until the next call
    }
    if (listed) {
      return children;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        String[] f = statFields(dir.resolve("stat"));
        if (f.length > 1 && f[1].equals(Long.toString(self))) {
          children.add(Long.parseLong(dir.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      // no /proc listing: nothing to reap this time
    }
    return children;
  }

  /** The fields of /proc/PID/stat after the command name (state, ppid, …), or none if the process is gone. */
  private static String[] statFields(Path stat) {
    try {
      String s = Files.readString(stat);
      int close = s.lastIndexOf(')');
      return close < 0 ? new String[0] : s.substring(close + 2).trim().split(" ");
    } catch (IOException e) {
      return new String[0];
    }
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
