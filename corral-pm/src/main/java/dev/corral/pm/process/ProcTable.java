package dev.corral.pm.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One read of {@code /proc}: every live process with its parent, group, CPU ticks and resident memory. Read once
 * per sampling tick and shared by all instances, so monitoring N apps costs one scan, not N.
 *
 * <p>Assumes Linux's 100 clock ticks per second and 4 KiB pages; elsewhere {@link #read()} returns an empty table
 * and usage shows as 0. Immutable.
 */
public final class ProcTable {
  /** Clock ticks per second of {@code utime}/{@code stime} (USER_HZ; 100 on Linux). */
  public static final long TICKS_PER_SECOND = 100;
  private static final long PAGE_SIZE = 4096;
  private static final Path PROC = Path.of("/proc");

  /** One process. */
  public record Proc(long pid, long ppid, long pgrp, long cpuTicks, long rssBytes) {}

  private final Map<Long, Proc> byPid;

  private ProcTable(Map<Long, Proc> byPid) {
    this.byPid = byPid;
  }

  /** Scans /proc; zombies are left out. */
  public static ProcTable read() {
    Map<Long, Proc> map = new HashMap<>();
    if (!Files.isDirectory(PROC)) {
      return new ProcTable(map);
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC,
        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path dir : dirs) {
        String[] f = ProcessTree.statFields(dir.resolve("stat"));
        if (f.length > 21 && !f[0].equals("Z") && !f[0].equals("X")) {
          long pid = Long.parseLong(dir.getFileName().toString());
          map.put(pid, new Proc(pid, Long.parseLong(f[1]), Long.parseLong(f[2]),
              Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[21]) * PAGE_SIZE));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc: " + e.getMessage(), e);
    }
    return new ProcTable(map);
  }

  /** The root, its descendants and (if {@code group}) the members of its process group, all alive. */
  public Collection<Proc> tree(long root, boolean group) {
    Map<Long, java.util.List<Proc>> children = new HashMap<>();
    for (Proc p : byPid.values()) {
      children.computeIfAbsent(p.ppid(), k -> new java.util.ArrayList<>()).add(p);
    }
    Set<Long> found = new LinkedHashSet<>();
    Deque<Long> todo = new ArrayDeque<>();
    todo.add(root);
    if (group) {
      byPid.values().stream().filter(p -> p.pgrp() == root).forEach(p -> todo.add(p.pid()));
    }
    while (!todo.isEmpty()) {
      long pid = todo.poll();
      if (byPid.containsKey(pid) && found.add(pid)) {
        children.getOrDefault(pid, java.util.List.of()).forEach(c -> todo.add(c.pid()));
      }
    }
    return found.stream().map(byPid::get).toList();
  }
}
