package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * async.js's {@code auto}: named tasks with dependencies, each started as soon as all of its dependencies have
 * succeeded, at most {@link Builder#concurrency(int) concurrency} at once (unlimited by default).
 *
 * <pre>{@code
 * Map<String, Object> results = Async.auto()
 *     .task("user", () -> users.find(id))
 *     .task("avatar", List.of("user"), deps -> images.load(((User) deps.get("user")).avatar()))
 *     .task("orders", List.of("user"), deps -> orders.of((User) deps.get("user")))
 *     .build()
 *     .run()
 *     .join();                                   // {user=..., avatar=..., orders=...}
 * }</pre>
 *
 * <p>A task receives the results of its own dependencies (async.js passes every result so far; passing only the
 * declared ones keeps a task from depending on timing). The run's result maps every task name to its result, in
 * declaration order. The first failure fails the run with that failure, cancels the running tasks and starts no
 * more; cancelling the run's future does the same. {@link Builder#build()} rejects an unknown dependency or a
 * cycle with a message naming the tasks.
 *
 * <p>Immutable and thread-safe: one {@code Auto} may be {@link #run()} any number of times, concurrently. Within a
 * run, each task starts after its dependencies' completions (happens-before), so their results are safely visible.
 */
public final class Auto {
  private final Map<String, Node> nodes;
  private final int concurrency;

  /** One declared task. */
  record Node(String name, List<String> dependsOn, Function<Map<String, Object>, ? extends CompletionStage<?>> body) {}

  private Auto(Map<String, Node> nodes, int concurrency) {
    this.nodes = nodes;
    this.concurrency = concurrency;
  }

  /** A builder for an empty graph. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a run; the future completes with every task's result by name, or the first failure. */
  public CompletableFuture<Map<String, Object>> run() {
    return AutoRun.start(nodes, concurrency);
  }

  /** Collects tasks; validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private int concurrency = Integer.MAX_VALUE;

    private Builder() {}

    /**
     * Adds a task without dependencies.
     *
     * @throws IllegalArgumentException if a task of that name exists
     */
    public <T> Builder task(String name, Task<T> task) {
      Objects.requireNonNull(task, "task");
      return task(name, List.of(), results -> task.start());
    }

    /**
     * Adds a task that starts once every task in {@code dependsOn} has succeeded, and receives their results by
     * name.
     *
     * @throws IllegalArgumentException if a task of that name exists
     */
    public Builder task(
        String name, List<String> dependsOn, Function<Map<String, Object>, ? extends CompletionStage<?>> task) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(task, "task");
      List<String> deps = List.copyOf(dependsOn);
      if (nodes.containsKey(name)) {
        throw new IllegalArgumentException("task '" + name + "' is defined twice (expected: unique task names)");
      }
      nodes.put(name, new Node(name, deps, task));
      return this;
    }

    /**
     * The most tasks running at once (default unlimited).
     *
     * @throws IllegalArgumentException if {@code concurrency < 1}
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = Require.atLeastOne("concurrency", concurrency);
      return this;
    }

    /**
     * The graph.
     *
     * @throws IllegalArgumentException if a task depends on an unknown task, or the dependencies form a cycle
     */
    public Auto build() {
      for (Node node : nodes.values()) {
        for (String dependency : node.dependsOn()) {
          if (!nodes.containsKey(dependency)) {
            throw new IllegalArgumentException(
                "task '" + node.name() + "' depends on unknown task '" + dependency + "' (expected one of "
                    + nodes.keySet() + ")");
          }
        }
      }
      List<String> cycle = findCycle();
      if (!cycle.isEmpty()) {
        throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", cycle));
      }
      return new Auto(Collections.unmodifiableMap(new LinkedHashMap<>(nodes)), concurrency);
    }

    /** A cycle as a path that starts and ends with the same task, or empty if there is none. */
    private List<String> findCycle() {
      Set<String> finished = new HashSet<>();
      for (String start : nodes.keySet()) {
        List<String> path = new ArrayList<>();
        List<String> cycle = visit(start, path, new HashSet<>(), finished);
        if (!cycle.isEmpty()) {
          return cycle;
        }
      }
      return List.of();
    }

    private List<String> visit(String name, List<String> path, Set<String> onPath, Set<String> finished) {
      if (onPath.contains(name)) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
        cycle.add(name);
        return cycle;
      }
      if (finished.contains(name)) {
        return List.of();
      }
      path.add(name);
      onPath.add(name);
      for (String dependency : nodes.get(name).dependsOn()) {
        List<String> cycle = visit(dependency, path, onPath, finished);
        if (!cycle.isEmpty()) {
          return cycle;
        }
      }
      path.remove(path.size() - 1);
      onPath.remove(name);
      finished.add(name);
      return List.of();
    }
  }
}
