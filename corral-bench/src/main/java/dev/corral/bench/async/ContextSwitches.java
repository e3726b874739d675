package dev.corral.bench.async;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Counts this process's context switches (voluntary + involuntary) by summing {@code /proc/self/task/<tid>/status}.
 * Threads that exit take their counts with them; every pool in these benchmarks outlives a round, so that loses
 * nothing that matters. Returns -1 where /proc is not available.
 */
final class ContextSwitches {
  private static final Path TASKS = Path.of("/proc/self/task");

  private ContextSwitches() {}

  static long now() {
    if (!Files.isDirectory(TASKS)) {
      return -1;
    }
    long total = 0;
    try (Stream<Path> threads = Files.list(TASKS)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        total += switchesOf(thread.resolve("status"));
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }

  private static long switchesOf(Path status) {
    long sum = 0;
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
          sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | RuntimeException gone) {
      return 0; // the thread ended while we read
    }
    return sum;
  }
}
