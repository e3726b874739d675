package dev.corral.pm.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The small shell apps under {@code src/test/resources/apps}, as argv to run them. */
public final class TestApps {
  private TestApps() {}

  /** {@code bash <script> args…}. */
  public static List<String> bash(String script, String... args) {
    List<String> argv = new ArrayList<>(List.of("bash", path(script).toString()));
    argv.addAll(List.of(args));
    return argv;
  }

  /** The script's file. */
  public static Path path(String script) {
    try {
      return Path.of(TestApps.class.getResource("/apps/" + script).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no test app " + script, e);
    }
  }

  /** Whether a process is alive (not a zombie). */
  public static boolean alive(long pid) {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Reads "pid pid …" written by an app into a file. */
  public static long[] pids(Path file) {
    try {
      return java.util.Arrays.stream(java.nio.file.Files.readString(file).trim().split("\\s+"))
          .mapToLong(Long::parseLong).toArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** SIGKILLs pids still alive: the last line of defence of a test's cleanup. */
  public static void killAll(long... pids) {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
