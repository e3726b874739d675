package dev.corral.bench.async;

import dev.corral.async.Bagpipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bagpipe against its anchors, in one run: 1,000,000 tasks at limit 10, two workloads, rounds interleaved, medians
 * reported with ratios and context switches. Node's bagpipe and async.js figures come from
 * {@code node/bagpipe-bench.js}, run just before by {@code bench-async.sh}, and are passed in with {@code --node}.
 *
 * <p>Workloads: <b>immediate</b> tasks return an already-completed future (the limiter's own overhead);
 * <b>handoff</b> tasks complete on another thread ({@code CompletableFuture.runAsync} on a 2-thread pool).
 * <b>upfront</b>: every task is queued before the first completes (10 slots held by a gate until all are pushed),
 * at growing counts, to show that the time per task stays flat.
 */
public final class BagpipeRace {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final Runnable NOTHING = () -> {};

  private record Sample(String contender, String workload, int tasks, double seconds, long contextSwitches) {}

  private BagpipeRace() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int tasks = Integer.parseInt(options.getOrDefault("tasks", "1000000"));
    int limit = Integer.parseInt(options.getOrDefault("limit", "10"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
    List<Integer> upfront = new ArrayList<>();
    for (String count : options.getOrDefault("upfront", "250000,500000,1000000").split(",")) {
      upfront.add(Integer.parseInt(count.trim()));
    }

    ExecutorService pool = Executors.newFixedThreadPool(2);
    Map<String, Supplier<CompletableFuture<Void>>> workloads = new LinkedHashMap<>();
    workloads.put("immediate", () -> DONE);
    workloads.put("handoff", () -> CompletableFuture.runAsync(NOTHING, pool));
    List<Contender> contenders = List.of(
        Contender.bagpipeSubmit(), Contender.semaphore(), Contender.resilience4jBulkhead(), Contender.bagpipeCall());

    System.err.printf("warm-up (%d tasks per contender and workload)%n", tasks / 5);
    for (var workload : workloads.entrySet()) {
      for (Contender contender : contenders) {
        contender.run(tasks / 5, limit, workload.getValue());
      }
    }
    List<Sample> samples = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (var workload : workloads.entrySet()) {
        // Rotate the order each round so no contender always runs right after the same neighbour.
        for (int i = 0; i < contenders.size(); i++) {
          Contender contender = contenders.get((i + round) % contenders.size());
          Sample sample = measure(contender.name(), workload.getKey(), tasks,
              () -> contender.run(tasks, limit, workload.getValue()));
          samples.add(sample);
          System.err.printf(Locale.ROOT, "round %d %-9s %-38s %.3f s %,d cs%n",
              round, workload.getKey(), contender.name(), sample.seconds(), sample.contextSwitches());
        }
      }
    }
    for (int count : upfront) {
      for (int round = 1; round <= Math.max(1, rounds / 2); round++) {
        samples.add(measure("Corral Bagpipe.submit", "upfront", count, () -> upfront(count, limit)));
      }
    }
    pool.shutdown();

    if (options.containsKey("node")) {
      samples.addAll(readNode(Path.of(options.get("node"))));
    }
    System.out.print(report(samples, tasks, limit, rounds));
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Sample measure(String contender, String workload, int tasks, Body body) throws Exception {
    System.gc();
    long switches = ContextSwitches.now();
    long start = System.nanoTime();
    body.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Sample(contender, workload, tasks, seconds, ContextSwitches.now() - switches);
  }

  /** Queues every task before any completes: the slots are held by a gate that opens once all are pushed. */
  private static void upfront(int tasks, int limit) throws InterruptedException {
    Bagpipe pipe = Bagpipe.of(limit);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    Contender.Completion completion = new Contender.Completion(tasks + limit);
    for (int i = 0; i < limit; i++) {
      pipe.submit(() -> gate).whenComplete((v, e) -> completion.one());
    }
    for (int i = 0; i < tasks; i++) {
      pipe.submit(() -> DONE).whenComplete((v, e) -> completion.one());
    }
    if (pipe.queued() != tasks) {
      throw new IllegalStateException("expected " + tasks + " queued, found " + pipe.queued());
    }
    gate.complete(null);
    completion.await();
  }

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[-0-9.eE]+|null)");

  private static List<Sample> readNode(Path file) throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher matcher = FIELD.matcher(line);
      while (matcher.find()) {
        fields.put(matcher.group(1), matcher.group(2).replace("\"", ""));
      }
      if (!fields.containsKey("contender") || "null".equals(fields.get("seconds"))) {
        continue;
      }
      samples.add(new Sample(fields.get("contender"), fields.get("workload"),
          Integer.parseInt(fields.get("tasks")), Double.parseDouble(fields.get("seconds")),
          Long.parseLong(fields.get("ctxSwitches"))));
    }
    return samples;
  }

  private static String report(List<Sample> samples, int tasks, int limit, int rounds) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n%,d tasks at limit %d, median of %d rounds (java %s, %d cores)%n%n",
        tasks, limit, rounds, Runtime.version(), Runtime.getRuntime().availableProcessors()));
    out.append("| workload | contender | median s | tasks/s | ctx switches/round | Corral's speed-up |\n");
    out.append("|---|---|---:|---:|---:|---:|\n");
    for (String workload : List.of("immediate", "handoff", "setImmediate")) {
      Map<String, List<Sample>> byContender = group(samples, workload, tasks);
      double corral = medianOf(samples(group(samples, workload.equals("setImmediate") ? "immediate" : workload, tasks)
          .get("Corral Bagpipe.submit")));
      for (var entry : byContender.entrySet()) {
        double seconds = medianOf(samples(entry.getValue()));
        long switches = (long) medianOf(entry.getValue().stream().mapToDouble(Sample::contextSwitches).toArray());
        out.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %,.0f | %,d | %.2f× |%n",
            workload, entry.getKey(), seconds, tasks / seconds, switches, seconds / corral));
      }
    }
    out.append("\nupfront: all tasks queued before the first completes (Corral, FIFO, limit ").append(limit)
        .append("; node bagpipe for contrast)\n\n| contender | tasks | median s | µs per task |\n|---|---:|---:|---:|\n");
    Map<String, List<Sample>> upfront = new LinkedHashMap<>();
    for (Sample sample : samples) {
      if (sample.workload().equals("upfront")) {
        upfront.computeIfAbsent(sample.contender() + "|" + sample.tasks(), k -> new ArrayList<>()).add(sample);
      }
    }
    for (var entry : upfront.entrySet()) {
      Sample first = entry.getValue().get(0);
      double seconds = medianOf(samples(entry.getValue()));
      out.append(String.format(Locale.ROOT, "| %s | %,d | %.3f | %.3f |%n",
          first.contender(), first.tasks(), seconds, seconds * 1e6 / first.tasks()));
    }
    out.append("\nspeed-up = contender's median time / Corral Bagpipe.submit's median time on the same workload ")
        .append("(node's setImmediate rows compare with Corral's immediate workload).\n");
    return out.toString();
  }

  private static Map<String, List<Sample>> group(List<Sample> samples, String workload, int tasks) {
    Map<String, List<Sample>> groups = new LinkedHashMap<>();
    for (Sample sample : samples) {
      if (sample.workload().equals(workload) && sample.tasks() == tasks) {
        groups.computeIfAbsent(sample.contender(), k -> new ArrayList<>()).add(sample);
      }
    }
    return groups;
  }

  private static double[] samples(List<Sample> samples) {
    return samples == null ? new double[] {Double.NaN} : samples.stream().mapToDouble(Sample::seconds).toArray();
  }

  private static double medianOf(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: --tasks N --limit N --rounds N --upfront A,B,C --node FILE; got " + args[i]);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }
}
