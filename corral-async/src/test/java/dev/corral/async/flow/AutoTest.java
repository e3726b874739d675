package dev.corral.async.flow;

import static dev.corral.async.flow.ControlFlowTest.causeOf;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // a hung future fails the test instead of the build
class AutoTest {
  private final List<String> started = Collections.synchronizedList(new ArrayList<>());

  private CompletableFuture<Object> pending(String name, Map<String, CompletableFuture<Object>> runs) {
    started.add(name);
    return runs.computeIfAbsent(name, key -> new CompletableFuture<>());
  }

  @Test
  void aTaskStartsAsSoonAsItsDependenciesHaveSucceeded() {
    Map<String, CompletableFuture<Object>> runs = new java.util.concurrent.ConcurrentHashMap<>();
    CompletableFuture<Map<String, Object>> result =
        Async.auto()
            .task("a", () -> pending("a", runs))
            .task("b", () -> pending("b", runs))
            .task("c", List.of("a"), deps -> pending("c", runs))
            .task("d", List.of("a", "b"), deps -> pending("d", runs))
            .build()
            .run();

    assertThat(started).containsExactly("a", "b");
    runs.get("a").complete(1);
    assertThat(started).containsExactly("a", "b", "c");
    runs.get("b").complete(2);
    assertThat(started).containsExactly("a", "b", "c", "d");
    runs.get("c").complete(3);
    runs.get("d").complete(4);

    assertThat(result.join()).containsExactly(
        Map.entry("a", 1), Map.entry("b", 2), Map.entry("c", 3), Map.entry("d", 4));
  }

  @Test
  void aTaskReceivesTheResultsOfItsDependencies() {
    Map<String, Object> results =
        Async.auto()
            .task("x", () -> completedFuture(20))
            .task("y", () -> completedFuture(22))
            .task("sum", List.of("x", "y"), deps -> completedFuture((int) deps.get("x") + (int) deps.get("y")))
            .build()
            .run()
            .join();

    assertThat(results.get("sum")).isEqualTo(42);
  }

  @Test
  void concurrencyLimitsTheTasksRunningAtOnce() {
    Map<String, CompletableFuture<Object>> runs = new java.util.concurrent.ConcurrentHashMap<>();
    Async.auto()
        .task("a", () -> pending("a", runs))
        .task("b", () -> pending("b", runs))
        .task("c", () -> pending("c", runs))
        .concurrency(2)
        .build()
        .run();

    assertThat(started).containsExactly("a", "b");
    runs.get("b").complete(null);
    assertThat(started).containsExactly("a", "b", "c");
  }

  @Test
  void theFirstFailureFailsTheRunCancelsRunningTasksAndStartsNoMore() {
    Map<String, CompletableFuture<Object>> runs = new java.util.concurrent.ConcurrentHashMap<>();
    IOException boom = new IOException("boom");
    CompletableFuture<Map<String, Object>> result =
        Async.auto()
            .task("a", () -> pending("a", runs))
            .task("b", () -> pending("b", runs))
            .task("c", List.of("a"), deps -> pending("c", runs))
            .build()
            .run();

    runs.get("a").completeExceptionally(boom);

    assertThat(causeOf(result)).isSameAs(boom);
    assertThat(runs.get("b")).isCancelled();
    assertThat(started).containsExactly("a", "b");
  }

  @Test
  void anUnknownDependencyIsRejectedNamingBothTasks() {
    assertThatThrownBy(() -> Async.auto().task("a", List.of("ghost"), deps -> completedFuture(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("task 'a' depends on unknown task 'ghost'");
  }

  @Test
  void aCycleIsRejectedShowingThePath() {
    assertThatThrownBy(
            () ->
                Async.auto()
                    .task("a", List.of("c"), deps -> completedFuture(1))
                    .task("b", List.of("a"), deps -> completedFuture(1))
                    .task("c", List.of("b"), deps -> completedFuture(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dependency cycle: a -> c -> b -> a");
  }

  @Test
  void aTaskThatDependsOnItselfIsACycle() {
    assertThatThrownBy(() -> Async.auto().task("a", List.of("a"), deps -> completedFuture(1)).build())
        .hasMessage("dependency cycle: a -> a");
  }

  @Test
  void aDuplicateNameIsRejected() {
    assertThatThrownBy(
            () -> Async.auto().task("a", () -> completedFuture(1)).task("a", () -> completedFuture(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 'a' is defined twice");
  }

  @Test
  void anEmptyGraphSucceedsAtOnce() {
    assertThat(Async.auto().build().run()).isCompletedWithValue(Map.of());
  }

  @Test
  void cancellingTheRunCancelsRunningTasks() {
    Map<String, CompletableFuture<Object>> runs = new java.util.concurrent.ConcurrentHashMap<>();
    CompletableFuture<Map<String, Object>> result =
        Async.auto().task("a", () -> pending("a", runs)).build().run();

    result.cancel(true);

    assertThat(runs.get("a")).isCancelled();
  }
}
