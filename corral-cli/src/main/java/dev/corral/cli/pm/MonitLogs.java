package dev.corral.cli.pm;

import dev.corral.pm.logs.LogFollower;
import dev.corral.pm.logs.LogTail;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The log lines {@code monit} shows for the selected instance: the last lines of its out and err files when it is
 * selected, then every line appended to either, in the order they are seen, across rotations. Keeps at most
 * {@link #KEEP} lines.
 *
 * <p>Not thread-safe: owned by the monit loop.
 */
final class MonitLogs implements AutoCloseable {
  static final int KEEP = 500;

  private final Deque<String> lines = new ArrayDeque<>();
  private final List<LogFollower> followers = new ArrayList<>();
  private String key = "";

  /** Follows the logs of another instance (no-op when it is already the one followed). */
  void select(String id, Path out, Path err) {
    String next = id + "|" + out + "|" + err;
    if (next.equals(key)) {
      return;
    }
    close();
    key = next;
    LogTail.last(out, KEEP / 2).forEach(this::add);
    LogTail.last(err, KEEP / 2).forEach(l -> add("err| " + l));
    followers.add(new LogFollower(out, true));
    followers.add(new LogFollower(err, true));
  }

  /** Reads what was appended since the last call. */
  void poll() {
    if (followers.size() == 2) {
      followers.get(0).poll(this::add);
      followers.get(1).poll(l -> add("err| " + l));
    }
  }

  /** The kept lines, oldest first. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  private void add(String line) {
    lines.addLast(line);
    while (lines.size() > KEEP) {
      lines.removeFirst();
    }
  }

  @Override
  public void close() {
    followers.forEach(LogFollower::close);
    followers.clear();
    lines.clear();
    key = "";
  }
}
