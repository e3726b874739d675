package dev.corral.pm.reaper;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The child processes this JVM started and whose exit the JDK has not collected yet, so that {@link OrphanReaper}
 * never waits for one of them (which would steal its exit status: {@link Process#exitValue()} would then read 0).
 *
 * <p>Every process corral-pm starts goes through {@link #start}: apps ({@link ChildLauncher}), {@code kill} and
 * {@code mkfifo}. A process started in the same JVM some other way is not known here, and must not be started
 * while an {@link OrphanReaper} runs. Process-wide by nature (a process has one set of children), hence static.
 *
 * <p>Thread-safe: starting and the reaper's scan hold one lock, so a child is always registered before a scan can
 * see it; a pid leaves the set once the JDK has collected its exit status.
 */
public final class ChildProcesses {
  private static final Object LOCK = new Object();
  /** Guarded by LOCK: pids started through {@link #start} and not yet collected by the JDK's reaper thread. */
  private static final Set<Long> STARTED = new HashSet<>();

  private ChildProcesses() {}

  /**
   * Starts {@code builder}'s process and remembers its pid until it has exited and been collected.
   *
   * @throws IOException as {@link ProcessBuilder#start()}
   */
  public static Process start(ProcessBuilder builder) throws IOException {
    Process process;
    synchronized (LOCK) {
      process = builder.start();
      STARTED.add(process.pid());
    }
    long pid = process.pid();
    // onExit completes once the JDK's reaper thread has collected the status (waitpid on this very pid).
    process.onExit().whenComplete((p, failure) -> {
      synchronized (LOCK) {
        STARTED.remove(pid);
      }
    });
    return process;
  }

  /** Runs {@code scan} with the pids started here and not yet collected, while no new child can start. */
  static <T> T whileNoneStarts(Function<Set<Long>, T> scan) {
    synchronized (LOCK) {
      return scan.apply(Set.copyOf(STARTED));
    }
  }
}
