package dev.corral.pm.process;

import dev.corral.pm.reaper.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one app instance: its process group (the launcher puts each instance in its own session via
 * {@code setsid}, so group id = root pid) plus every descendant seen while the root lived — which also catches a
 * child that left the group with its own {@code setsid}. Signals go to all of them, so no child is left holding a
 * port after a stop.
 *
 * <p>Group members are found by scanning {@code /proc/<pid>/stat} (Linux); where there is no {@code /proc}, the
 * descendants from {@link ProcessHandle#descendants()} are used alone. Zombies are not counted as alive.
 *
 * <p>Thread-safety: {@link #remember()} and {@link #alive()} are synchronized; the supervisor calls them from its
 * own thread and the sampler thread.
 */
public final class ProcessTree {
  private static final Path PROC = Path.of("/proc");

  private final long rootPid;
  private final boolean ownGroup;
  // Guarded by this: descendants seen so far, alive or not.
  private final Set<Long> seen = new LinkedHashSet<>();

  /**
   * @param rootPid the launched process
   * @param ownGroup whether it leads its own process group (launched through setsid)
   */
  public ProcessTree(long rootPid, boolean ownGroup) {
    this.rootPid = rootPid;
    this.ownGroup = ownGroup;
  }

  public long rootPid() {
    return rootPid;
  }

  /** Records the root's current descendants so they can be signalled after the root is gone. */
  public synchronized void remember() {
    ProcessHandle.of(rootPid).ifPresent(h -> h.descendants().forEach(d -> seen.add(d.pid())));
  }

  /** Records pids known to belong to the tree (from a {@link ProcTable} scan). */
  public synchronized void remember(java.util.Collection<Long> pids) {
    seen.addAll(pids);
  }

  /** Pids of the tree still alive, root first when alive. */
  public synchronized List<Long> alive() {
    remember();
    Set<Long> pids = new LinkedHashSet<>();
    if (isAlive(rootPid)) {
      pids.add(rootPid);
    }
    if (ownGroup) {
      pids.addAll(groupMembers(rootPid));
    }
    for (Long pid : seen) {
      if (isAlive(pid)) {
        pids.add(pid);
      }
    }
    return new ArrayList<>(pids);
  }

  /** Sends {@code signal} (a name such as INT, TERM, KILL) to every live process of the tree. */
  public void signal(String signal) {
    send(signal, alive());
  }

  /** Sends {@code signal} to the root process only ({@code corral sendSignal}, as pm2 does). */
  public void signalRoot(String signal) {
    if (isAlive(rootPid)) {
      send(signal, List.of(rootPid));
    }
  }

  private static void send(String signal, List<Long> pids) {
    if (pids.isEmpty()) {
      return;
    }
    if ("KILL".equals(signal)) {
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("kill", "-s", signal, "--"));
    pids.forEach(pid -> cmd.add(Long.toString(pid)));
    try {
      Process kill = ChildProcesses.start(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD));
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
      // A non-zero exit means some pid vanished between the scan and the kill: that is the goal anyway.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -s " + signal + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether a process exists and is not a zombie. */
  static boolean isAlive(long pid) {
    Path stat = PROC.resolve(Long.toString(pid)).resolve("stat");
    if (Files.isDirectory(PROC)) {
      String[] fields = statFields(stat);
      return fields.length > 0 && !fields[0].equals("Z") && !fields[0].equals("X");
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Live, non-zombie processes whose process group is {@code pgid}. */
  static List<Long> groupMembers(long pgid) {
    List<Long> members = new ArrayList<>();
    if (!Files.isDirectory(PROC)) {
      return members;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        String[] f = statFields(dir.resolve("stat"));
        // After the comm field: state ppid pgrp ...
        if (f.length > 2 && !f[0].equals("Z") && !f[0].equals("X") && f[2].equals(Long.toString(pgid))) {
          members.add(Long.parseLong(dir.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc: " + e.getMessage(), e);
    }
    return members;
  }

  /** The fields of /proc/PID/stat after the command name, or none if the process is gone. */
  static String[] statFields(Path stat) {
    try {
      String s = Files.readString(stat);
      int close = s.lastIndexOf(')');
      return close < 0 ? new String[0] : s.substring(close + 2).trim().split(" ");
    } catch (IOException e) {
      return new String[0]; // the process exited while we looked: not alive
    }
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
