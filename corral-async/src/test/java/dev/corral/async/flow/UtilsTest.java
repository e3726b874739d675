package dev.corral.async.flow;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.CompletableFuture.failedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UtilsTest {

  @Test
  void applyEachCallsEveryFunctionWithTheInputResultsInListOrder() {
    CompletableFuture<String> slow = new CompletableFuture<>();
    Function<String, CompletableFuture<List<String>>> both =
        Async.applyEach(List.<Function<String, CompletionStage<String>>>of(s -> slow, s -> completedFuture(s + "2")));

    CompletableFuture<List<String>> result = both.apply("x");
    assertThat(result).isNotDone();
    slow.complete("x1");

    assertThat(result).isCompletedWithValue(List.of("x1", "x2"));
  }

  @Test
  void applyEachFailsFastAndCancelsTheOthers() {
    CompletableFuture<String> slow = new CompletableFuture<>();
    IOException boom = new IOException("boom");
    CompletableFuture<List<String>> result =
        Async.applyEach(List.<Function<String, CompletionStage<String>>>of(s -> slow, s -> failedFuture(boom)))
            .apply("x");

    assertThatThrownBy(result::join).cause().isSameAs(boom);
    assertThat(slow).isCancelled();
  }

  @Test
  void applyEachSeriesStartsTheNextFunctionWhenThePreviousCompleted() {
    CompletableFuture<String> first = new CompletableFuture<>();
    List<String> calls = new CopyOnWriteArrayList<>();
    CompletableFuture<List<String>> result =
        Async.applyEachSeries(
                List.<Function<String, CompletionStage<String>>>of(
                    s -> {
                      calls.add("first");
                      return first;
                    },
                    s -> {
                      calls.add("second");
                      return completedFuture(s);
                    }))
            .apply("x");

    assertThat(calls).containsExactly("first");
    first.complete("y");

    assertThat(calls).containsExactly("first", "second");
    assertThat(result).isCompletedWithValue(List.of("y", "x"));
  }

  @Test
  void applyEachLimitRefusesALimitBelowOne() {
    assertThatThrownBy(() -> Async.applyEachLimit(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: 0 (expected: >= 1)");
  }

  @Test
  void reflectAllTurnsEveryTaskIntoOneThatNeverFails() {
    IOException boom = new IOException("boom");
    List<Task<Outcome<String>>> reflected =
        Async.reflectAll(List.<Task<String>>of(() -> completedFuture("ok"), () -> failedFuture(boom)));

    assertThat(Async.parallel(reflected).join())
        .containsExactly(Outcome.success("ok"), Outcome.failure(boom));
  }

  @Test
  void constantCompletesWithItsValueEveryTime() {
    Task<String> constant = Async.constant("v");

    assertThat(constant.start()).isCompletedWithValue("v");
    assertThat(Async.waterfall(constant).then(v -> completedFuture(v + "!")).run()).isCompletedWithValue("v!");
  }

  @Test
  void eachOfGivesEveryElementItsIndex() {
    List<String> seen = new CopyOnWriteArrayList<>();

    Async.eachOfSeries(List.of("a", "b"), (item, index) -> {
          seen.add(index + "=" + item);
          return completedFuture(null);
        })
        .join();

    assertThat(seen).containsExactly("0=a", "1=b");
  }

  @Test
  void eachOfAMapGivesEveryValueItsKeyInIterationOrder() {
    Map<String, Integer> map = new LinkedHashMap<>();
    map.put("one", 1);
    map.put("two", 2);
    List<String> seen = new CopyOnWriteArrayList<>();

    Async.eachOfSeries(map, (value, key) -> {
          seen.add(key + "=" + value);
          return completedFuture(null);
        })
        .join();

    assertThat(seen).containsExactly("one=1", "two=2");
  }

  @Test
  void eachOfLimitRunsAtMostLimitAtOnceAndFailsFast() {
    Probe<Object> probe = new Probe<>(3);
    CompletableFuture<Void> result = Async.eachOfLimit(List.of(0, 1, 2), 2, (item, index) -> probe.task(index).start());

    assertThat(probe.started()).containsExactly(0, 1);
    probe.fail(0, new IOException("boom"));

    assertThat(result).isCompletedExceptionally();
    assertThat(probe.run(1)).isCancelled();
    assertThat(probe.started()).containsExactly(0, 1);
  }
}
