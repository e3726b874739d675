package dev.corral.async.flow;

import static dev.corral.async.flow.ControlFlowTest.causeOf;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // a hung future fails the test instead of the build
class CollectionsTest {
  private static final List<Integer> NUMBERS = List.of(3, 1, 4, 1, 5, 9, 2, 6);

  private static CompletionStage<Boolean> isEven(int n) {
    return completedFuture(n % 2 == 0);
  }

  @Test
  void eachCallsTheFunctionOnEveryElement() {
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());

    Async.each(NUMBERS, n -> {
      seen.add(n);
      return completedFuture(null);
    }).join();

    assertThat(seen).containsExactlyInAnyOrderElementsOf(NUMBERS);
  }

  @Test
  void eachLimitAndEachSeriesRespectTheirLimits() {
    Probe<Object> probe = new Probe<>(4);
    Async.eachLimit(List.of(0, 1, 2, 3), 2, i -> probe.task(i).start());
    assertThat(probe.started()).containsExactly(0, 1);

    Probe<Object> series = new Probe<>(3);
    Async.eachSeries(List.of(0, 1, 2), i -> series.task(i).start());
    assertThat(series.started()).containsExactly(0);
  }

  @Test
  void mapGivesResultsInInputOrder() {
    Probe<String> probe = new Probe<>(3);
    CompletableFuture<List<String>> result = Async.map(List.of(0, 1, 2), i -> probe.task(i).start());

    probe.complete(2, "two");
    probe.complete(0, "zero");
    probe.complete(1, "one");

    assertThat(result).isCompletedWithValue(List.of("zero", "one", "two"));
  }

  @Test
  void mapLimitAndMapSeriesGiveTheSameResultsAsMap() {
    Function<Integer, CompletionStage<Integer>> square = n -> completedFuture(n * n);
    List<Integer> expected = List.of(9, 1, 16, 1, 25, 81, 4, 36);

    assertThat(Async.map(NUMBERS, square).join()).isEqualTo(expected);
    assertThat(Async.mapLimit(NUMBERS, 3, square).join()).isEqualTo(expected);
    assertThat(Async.mapSeries(NUMBERS, square).join()).isEqualTo(expected);
  }

  @Test
  void mapWithABlockingIterateeRunsOnVirtualThreads() {
    List<Boolean> virtual =
        Async.mapLimit(List.of(1, 2, 3), 2, Task.<Integer, Boolean>blocking(n -> Thread.currentThread().isVirtual()))
            .join();

    assertThat(virtual).containsOnly(true);
  }

  @Test
  void mapFailsFastWithTheFirstErrorAndCancelsTheRest() {
    Probe<String> probe = new Probe<>(3);
    IOException boom = new IOException("boom");
    CompletableFuture<List<String>> result = Async.map(List.of(0, 1, 2), i -> probe.task(i).start());

    probe.fail(0, boom);

    assertThat(causeOf(result)).isSameAs(boom);
    assertThat(probe.run(1)).isCancelled();
    assertThat(probe.run(2)).isCancelled();
  }

  @Test
  void mapLimitRejectsALimitBelowOne() {
    assertThatThrownBy(() -> Async.mapLimit(NUMBERS, 0, n -> completedFuture(n)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: 0 (expected: >= 1)");
  }

  @Test
  void mapValuesKeepsKeysAndTheirOrder() {
    Map<String, Integer> prices = new LinkedHashMap<>();
    prices.put("b", 2);
    prices.put("a", 1);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("b", "b=4");
    expected.put("a", "a=2");

    assertThat(Async.mapValues(prices, (v, k) -> completedFuture(k + "=" + v * 2)).join())
        .containsExactlyEntriesOf(expected);
    assertThat(Async.mapValuesLimit(prices, 1, (v, k) -> completedFuture(k + "=" + v * 2)).join())
        .containsExactlyEntriesOf(expected);
    assertThat(Async.mapValuesSeries(prices, (v, k) -> completedFuture(k + "=" + v * 2)).join())
        .containsExactlyEntriesOf(expected);
  }

  @Test
  void filterKeepsMatchingElementsInInputOrder() {
    List<Integer> even = List.of(4, 2, 6);

    assertThat(Async.filter(NUMBERS, CollectionsTest::isEven).join()).isEqualTo(even);
    assertThat(Async.filterLimit(NUMBERS, 2, CollectionsTest::isEven).join()).isEqualTo(even);
    assertThat(Async.filterSeries(NUMBERS, CollectionsTest::isEven).join()).isEqualTo(even);
  }

  @Test
  void rejectDropsMatchingElements() {
    List<Integer> odd = List.of(3, 1, 1, 5, 9);

    assertThat(Async.reject(NUMBERS, CollectionsTest::isEven).join()).isEqualTo(odd);
    assertThat(Async.rejectLimit(NUMBERS, 2, CollectionsTest::isEven).join()).isEqualTo(odd);
    assertThat(Async.rejectSeries(NUMBERS, CollectionsTest::isEven).join()).isEqualTo(odd);
  }

  @Test
  void detectGivesTheFirstMatchInCompletionOrderAndCancelsTheRest() {
    Probe<Boolean> probe = new Probe<>(3);
    CompletableFuture<Optional<Integer>> result = Async.detect(List.of(0, 1, 2), i -> probe.task(i).start());

    probe.complete(2, true);

    assertThat(result).isCompletedWithValue(Optional.of(2));
    assertThat(probe.run(0)).isCancelled();
    assertThat(probe.run(1)).isCancelled();
  }

  @Test
  void detectSeriesGivesTheFirstMatchInInputOrderAndStartsNoMore() {
    Probe<Boolean> probe = new Probe<>(3);
    CompletableFuture<Optional<Integer>> result = Async.detectSeries(List.of(0, 1, 2), i -> probe.task(i).start());

    probe.complete(0, false);
    probe.complete(1, true);

    assertThat(result).isCompletedWithValue(Optional.of(1));
    assertThat(probe.started()).containsExactly(0, 1);
  }

  @Test
  void detectWithoutAMatchGivesEmpty() {
    assertThat(Async.detectLimit(List.of(1, 3), 1, CollectionsTest::isEven).join()).isEmpty();
  }

  @Test
  void someIsTrueWhenAnyPredicateIs() {
    assertThat(Async.some(NUMBERS, CollectionsTest::isEven).join()).isTrue();
    assertThat(Async.someLimit(List.of(1, 3), 1, CollectionsTest::isEven).join()).isFalse();
    assertThat(Async.someSeries(List.of(1, 2), CollectionsTest::isEven).join()).isTrue();
  }

  @Test
  void someStopsStartingPredicatesAfterTheFirstTrue() {
    Probe<Boolean> probe = new Probe<>(3);
    CompletableFuture<Boolean> result = Async.someSeries(List.of(0, 1, 2), i -> probe.task(i).start());

    probe.complete(0, true);

    assertThat(result).isCompletedWithValue(true);
    assertThat(probe.started()).containsExactly(0);
  }

  @Test
  void everyIsTrueOnlyWhenEveryPredicateIs() {
    assertThat(Async.every(List.of(2, 4), CollectionsTest::isEven).join()).isTrue();
    assertThat(Async.everyLimit(NUMBERS, 2, CollectionsTest::isEven).join()).isFalse();
    assertThat(Async.everySeries(List.<Integer>of(), CollectionsTest::isEven).join()).isTrue();
  }

  @Test
  void everyStopsAtTheFirstFalseAndCancelsTheRest() {
    Probe<Boolean> probe = new Probe<>(2);
    CompletableFuture<Boolean> result = Async.every(List.of(0, 1), i -> probe.task(i).start());

    probe.complete(1, false);

    assertThat(result).isCompletedWithValue(false);
    assertThat(probe.run(0)).isCancelled();
  }

  @Test
  void concatFlattensInInputOrder() {
    Function<Integer, CompletionStage<List<Integer>>> repeat =
        n -> completedFuture(Collections.nCopies(n, n));
    List<Integer> expected = List.of(1, 2, 2, 3, 3, 3);

    assertThat(Async.concat(List.of(1, 2, 3), repeat).join()).isEqualTo(expected);
    assertThat(Async.concatLimit(List.of(1, 2, 3), 2, repeat).join()).isEqualTo(expected);
    assertThat(Async.concatSeries(List.of(1, 2, 3), repeat).join()).isEqualTo(expected);
  }

  @Test
  void groupByGroupsByKeyInOrderOfFirstAppearance() {
    Function<String, CompletionStage<Integer>> length = s -> completedFuture(s.length());
    List<String> words = List.of("bb", "a", "cc", "d", "eee");
    Map<Integer, List<String>> expected = new LinkedHashMap<>();
    expected.put(2, List.of("bb", "cc"));
    expected.put(1, List.of("a", "d"));
    expected.put(3, List.of("eee"));

    assertThat(Async.groupBy(words, length).join()).containsExactlyEntriesOf(expected);
    assertThat(Async.groupByLimit(words, 2, length).join()).containsExactlyEntriesOf(expected);
    assertThat(Async.groupBySeries(words, length).join()).containsExactlyEntriesOf(expected);
  }

  @Test
  void sortBySortsByTheCriterionAndKeepsTiesInInputOrder() {
    List<String> words = List.of("ccc", "b", "aa", "d");

    assertThat(Async.sortBy(words, s -> completedFuture(s.length())).join())
        .containsExactly("b", "d", "aa", "ccc");
  }

  @Test
  void reduceFoldsInSeries() {
    Probe<Integer> probe = new Probe<>(3);
    CompletableFuture<Integer> result =
        Async.reduce(List.of(0, 1, 2), 100, (memo, i) -> probe.task(i).start().thenApply(v -> memo + v));

    assertThat(probe.started()).containsExactly(0);
    probe.complete(0, 1);
    probe.complete(1, 2);
    probe.complete(2, 3);

    assertThat(result).isCompletedWithValue(106);
  }

  @Test
  void reduceRightFoldsFromTheLastElement() {
    assertThat(Async.reduceRight(List.of("a", "b", "c"), "", (memo, s) -> completedFuture(memo + s)).join())
        .isEqualTo("cba");
  }

  @Test
  void reduceOfNothingGivesTheInitialValue() {
    assertThat(Async.reduce(List.<Integer>of(), "seed", (memo, i) -> completedFuture(memo + i)).join())
        .isEqualTo("seed");
  }

  @Test
  void theInputIsCopiedWhenTheCallIsMade() {
    List<Integer> items = new ArrayList<>(List.of(1, 2));
    Probe<Integer> probe = new Probe<>(2);
    CompletableFuture<List<Integer>> result = Async.mapSeries(items, i -> probe.task(i - 1).start());

    items.add(3);
    probe.complete(0, 10);
    probe.complete(1, 20);

    assertThat(result).isCompletedWithValue(List.of(10, 20));
  }
}
