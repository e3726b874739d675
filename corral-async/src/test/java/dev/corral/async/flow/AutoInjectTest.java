package dev.corral.async.flow;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.CompletableFuture.failedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AutoInjectTest {
  record User(String name, String avatar) {}

  @Test
  void eachTaskGetsItsDependenciesResultsAsTypedArguments() {
    AutoInject.Builder graph = Async.autoInject();
    AutoInject.Ref<User> user = graph.task("user", () -> completedFuture(new User("ann", "ann.png")));
    AutoInject.Ref<String> avatar = graph.task("avatar", user, u -> completedFuture("img:" + u.avatar()));
    AutoInject.Ref<Integer> orders = graph.task("orders", user, u -> completedFuture(u.name().length()));
    AutoInject.Ref<String> page =
        graph.task("page", user, avatar, orders, (u, a, o) -> completedFuture(u.name() + "|" + a + "|" + o));

    AutoInject.Results results = graph.build().run().join();

    assertThat(results.get(page)).isEqualTo("ann|img:ann.png|3");
    assertThat(results.get(orders)).isEqualTo(3);
    assertThat(results.asMap().keySet()).containsExactly("user", "avatar", "orders", "page");
  }

  @Test
  void aTaskStartsOnlyOnceAllItsDependenciesHaveSucceeded() {
    CompletableFuture<Integer> a = new CompletableFuture<>();
    CompletableFuture<Integer> b = new CompletableFuture<>();
    List<String> started = new CopyOnWriteArrayList<>();
    AutoInject.Builder graph = Async.autoInject();
    AutoInject.Ref<Integer> refA = graph.task("a", () -> a);
    AutoInject.Ref<Integer> refB = graph.task("b", () -> b);
    AutoInject.Ref<Integer> sum =
        graph.task(
            "sum",
            refA,
            refB,
            (x, y) -> {
              started.add("sum");
              return completedFuture(x + y);
            });

    CompletableFuture<AutoInject.Results> run = graph.build().run();
    a.complete(1);
    assertThat(started).isEmpty();
    b.complete(2);

    assertThat(run.join().get(sum)).isEqualTo(3);
  }

  @Test
  void theListFormPassesOnlyTheDeclaredDependencies() {
    AutoInject.Builder graph = Async.autoInject();
    AutoInject.Ref<Integer> one = graph.task("one", () -> completedFuture(1));
    AutoInject.Ref<Integer> two = graph.task("two", () -> completedFuture(2));
    AutoInject.Ref<Integer> onlyOne = graph.task("onlyOne", List.of(one), deps -> completedFuture(deps.get(one)));
    AutoInject.Ref<String> peek =
        graph.task(
            "peek",
            List.of(one),
            deps -> {
              try {
                deps.get(two);
                return completedFuture("saw two");
              } catch (IllegalArgumentException expected) {
                return completedFuture(expected.getMessage());
              }
            });

    AutoInject.Results results = graph.build().run().join();

    assertThat(results.get(onlyOne)).isEqualTo(1);
    assertThat(results.get(peek)).isEqualTo("task 'two': not among these results (expected one of [one])");
  }

  @Test
  void theFirstFailureFailsTheRunAndCancelsWhatRuns() {
    CompletableFuture<Integer> slow = new CompletableFuture<>();
    IOException boom = new IOException("boom");
    AutoInject.Builder graph = Async.autoInject();
    graph.task("slow", () -> slow);
    graph.task("failing", () -> failedFuture(boom));

    CompletableFuture<AutoInject.Results> run = graph.build().run();

    assertThatThrownBy(run::join).cause().isSameAs(boom);
    assertThat(slow).isCancelled();
  }

  @Test
  void aRefFromAnotherGraphIsRefusedWithItsName() {
    AutoInject.Ref<Integer> foreign = Async.autoInject().task("x", () -> completedFuture(1));
    AutoInject.Builder graph = Async.autoInject();

    assertThatThrownBy(() -> graph.task("y", foreign, x -> completedFuture(x)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'y' depends on 'x' of another graph (expected: a Ref returned by this builder)");
  }

  @Test
  void aRefOfAnotherGraphIsNotAmongItsResults() {
    AutoInject.Ref<Integer> foreign = Async.autoInject().task("x", () -> completedFuture(1));
    AutoInject.Builder graph = Async.autoInject();
    graph.task("x", () -> completedFuture(2));

    AutoInject.Results results = graph.build().run().join();

    assertThatThrownBy(() -> results.get(foreign)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDuplicateNameIsRefused() {
    AutoInject.Builder graph = Async.autoInject();
    graph.task("x", () -> completedFuture(1));

    assertThatThrownBy(() -> graph.task("x", () -> completedFuture(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x' is defined twice");
  }

  @Test
  void concurrencyBoundsTheTasksRunningAtOnce() {
    Probe<Integer> probe = new Probe<>(3);
    AutoInject.Builder graph = Async.autoInject().concurrency(1);
    for (int i = 0; i < 3; i++) {
      graph.task("t" + i, probe.task(i));
    }

    CompletableFuture<AutoInject.Results> run = graph.build().run();
    assertThat(probe.started()).containsExactly(0);
    probe.complete(0, 0);
    probe.complete(1, 1);
    probe.complete(2, 2);

    assertThat(run.join().asMap()).isEqualTo(Map.of("t0", 0, "t1", 1, "t2", 2));
    assertThat(probe.maxRunning()).isEqualTo(1);
  }
}
