package dev.corral.async.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One run of an {@link Auto} graph. All state lives on a {@link SerialLoop}: tasks are started and completions
 * recorded one at a time, so a task that completes synchronously is recorded after its start returns, never
 * re-entrantly, and the fields need no locks.
 */
final class AutoRun {
  private final Map<String, Auto.Node> nodes;
  private final int concurrency;
  private final SerialLoop loop = new SerialLoop();
  private final CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();

  // Loop-owned state.
  private final Map<String, Integer> unmetDependencies = new HashMap<>();
  private final Map<String, List<String>> dependents = new HashMap<>();
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private final Map<String, Object> results = new HashMap<>();
  private final Map<String, CompletableFuture<?>> running = new HashMap<>();

  private AutoRun(Map<String, Auto.Node> nodes, int concurrency) {
    this.nodes = nodes;
    this.concurrency = concurrency;
  }

  static CompletableFuture<Map<String, Object>> start(Map<String, Auto.Node> nodes, int concurrency) {
    AutoRun run = new AutoRun(nodes, concurrency);
    run.done.whenComplete((value, failure) -> run.loop.execute(run::cancelRunning));
    run.loop.execute(run::begin);
    return run.done;
  }

  private void begin() {
    for (Auto.Node node : nodes.values()) {
      unmetDependencies.put(node.name(), node.dependsOn().size());
      for (String dependency : node.dependsOn()) {
        dependents.computeIfAbsent(dependency, key -> new ArrayList<>()).add(node.name());
      }
      if (node.dependsOn().isEmpty()) {
        ready.add(node.name());
      }
    }
    if (nodes.isEmpty()) {
      done.complete(Map.of());
      return;
    }
    startReady();
  }

  private void startReady() {
    while (!done.isDone() && running.size() < concurrency && !ready.isEmpty()) {
      Auto.Node node = nodes.get(ready.poll());
      Map<String, Object> inputs = new LinkedHashMap<>();
      for (String dependency : node.dependsOn()) {
        inputs.put(dependency, results.get(dependency));
      }
      Map<String, Object> view = Collections.unmodifiableMap(inputs);
      CompletableFuture<?> future = Stages.start(() -> node.body().apply(view));
      running.put(node.name(), future);
      future.whenComplete((value, failure) -> loop.execute(() -> onComplete(node.name(), value, failure)));
    }
  }

  private void onComplete(String name, Object value, Throwable failure) {
    running.remove(name);
    if (done.isDone()) {
      return;
    }
    if (failure != null) {
      done.completeExceptionally(Stages.unwrap(failure));
      return;
    }
    results.put(name, value);
    for (String dependent : dependents.getOrDefault(name, List.of())) {
      if (unmetDependencies.merge(dependent, -1, Integer::sum) == 0) {
        ready.add(dependent);
      }
    }
    if (results.size() == nodes.size()) {
      Map<String, Object> ordered = new LinkedHashMap<>();
      for (String task : nodes.keySet()) {
        ordered.put(task, results.get(task));
      }
      done.complete(Collections.unmodifiableMap(ordered));
      return;
    }
    startReady();
  }

  private void cancelRunning() {
    for (CompletableFuture<?> future : List.copyOf(running.values())) {
      future.cancel(true);
    }
  }
}
