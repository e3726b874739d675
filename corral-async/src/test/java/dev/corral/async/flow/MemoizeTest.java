package dev.corral.async.flow;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.CompletableFuture.failedFuture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MemoizeTest {
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private Function<String, CompletableFuture<Integer>> length() {
    return s -> {
      calls.add(s);
      return completedFuture(s.length());
    };
  }

  @Test
  void aKeptResultAnswersLaterCallsWithoutCallingTheFunction() {
    Memoized<String, Integer> memo = Async.memoize(length());

    assertThat(memo.apply("abc")).isCompletedWithValue(3);
    assertThat(memo.apply("abc")).isCompletedWithValue(3);
    assertThat(memo.apply("de")).isCompletedWithValue(2);

    assertThat(calls).containsExactly("abc", "de");
  }

  @Test
  void callsWhileTheFirstRunsWaitForItAndShareItsResult() {
    CompletableFuture<Integer> slow = new CompletableFuture<>();
    Memoized<String, Integer> memo =
        Async.memoize(
            s -> {
              calls.add(s);
              return slow;
            });

    CompletableFuture<Integer> first = memo.apply("k");
    CompletableFuture<Integer> second = memo.apply("k");
    assertThat(first).isNotDone();
    slow.complete(7);

    assertThat(first).isCompletedWithValue(7);
    assertThat(second).isCompletedWithValue(7);
    assertThat(calls).containsExactly("k");
  }

  @Test
  void aFailureReachesEveryWaiterAndIsNotKept() {
    CompletableFuture<Integer> failing = new CompletableFuture<>();
    Memoized<String, Integer> memo =
        Async.memoize(
            s -> {
              calls.add(s);
              return calls.size() == 1 ? failing : completedFuture(1);
            });

    CompletableFuture<Integer> first = memo.apply("k");
    CompletableFuture<Integer> second = memo.apply("k");
    IOException boom = new IOException("boom");
    failing.completeExceptionally(boom);

    assertThat(first).isCompletedExceptionally();
    assertThat(first.handle((v, e) -> Stages.unwrap(e)).join()).isSameAs(boom);
    assertThat(second.handle((v, e) -> Stages.unwrap(e)).join()).isSameAs(boom);
    assertThat(memo.apply("k")).isCompletedWithValue(1);
    assertThat(calls).containsExactly("k", "k");
  }

  @Test
  void aFunctionThatThrowsCountsAsAFailureAndIsCalledAgainNextTime() {
    Memoized<String, Integer> memo =
        Async.memoize(
            s -> {
              calls.add(s);
              if (calls.size() == 1) {
                throw new IllegalStateException("first call");
              }
              return completedFuture(2);
            });

    assertThat(memo.apply("k")).isCompletedExceptionally();
    assertThat(memo.apply("k")).isCompletedWithValue(2);
  }

  @Test
  void cancellingOneCallerLeavesTheSharedCallToTheOthers() {
    CompletableFuture<Integer> slow = new CompletableFuture<>();
    Memoized<String, Integer> memo = Async.memoize(s -> slow);

    CompletableFuture<Integer> impatient = memo.apply("k");
    CompletableFuture<Integer> patient = memo.apply("k");
    impatient.cancel(true);
    slow.complete(5);

    assertThat(slow.isCancelled()).isFalse();
    assertThat(patient).isCompletedWithValue(5);
    assertThat(memo.apply("k")).isCompletedWithValue(5);
  }

  @Test
  void theHasherDecidesWhichInputsShareAResult() {
    Memoized<String, Integer> memo = Async.memoize(length(), s -> s.toLowerCase());

    assertThat(memo.apply("ABC")).isCompletedWithValue(3);
    assertThat(memo.apply("abc")).isCompletedWithValue(3);

    assertThat(calls).containsExactly("ABC");
  }

  @Test
  void aHasherThatThrowsFailsTheCallInsteadOfThrowing() {
    Memoized<String, Integer> memo =
        Async.memoize(
            length(),
            s -> {
              throw new IllegalArgumentException("no key for " + s);
            });

    assertThat(memo.apply("x")).isCompletedExceptionally();
    assertThat(calls).isEmpty();
  }

  @Test
  void aNullKeyIsKeptLikeAnyOther() {
    Memoized<String, String> memo =
        Async.memoize(
            s -> {
              calls.add(String.valueOf(s));
              return completedFuture("none");
            });

    assertThat(memo.apply(null)).isCompletedWithValue("none");
    assertThat(memo.apply(null)).isCompletedWithValue("none");
    assertThat(calls).containsExactly("null");
  }

  @Test
  void forgetAndClearMakeTheNextCallCallTheFunctionAgain() {
    Memoized<String, Integer> memo = Async.memoize(length());
    memo.apply("a");
    memo.apply("b");

    memo.forget("a");
    memo.apply("a");
    memo.apply("b");
    memo.clear();
    memo.apply("b");

    assertThat(calls).containsExactly("a", "b", "a", "b");
  }

  @Test
  void unmemoizeGivesAFunctionThatCallsThroughEveryTime() {
    Memoized<String, Integer> memo = Async.memoize(length());
    Function<String, CompletableFuture<Integer>> original = Async.unmemoize(memo);

    memo.apply("x");
    assertThat(original.apply("x")).isCompletedWithValue(1);
    assertThat(original.apply("x")).isCompletedWithValue(1);

    assertThat(calls).containsExactly("x", "x", "x");
  }

  @Test
  void unmemoizeOfAPlainFunctionCallsIt() {
    Function<String, CompletableFuture<Integer>> plain = Async.unmemoize(s -> failedFuture(new IOException(s)));

    assertThat(plain.apply("x")).isCompletedExceptionally();
  }
}
