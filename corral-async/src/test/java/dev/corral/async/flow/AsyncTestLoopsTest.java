package dev.corral.async.flow;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.CompletableFuture.failedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** whilst and until with an async test (async.js v3's form): test and body alternate, one stage at a time. */
@Timeout(60)
class AsyncTestLoopsTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  private Task<Integer> body() {
    return () -> {
      events.add("body");
      return completedFuture(count.incrementAndGet());
    };
  }

  @Test
  void theBodyStartsOnlyWhenTheAsyncTestHasCompletedWithTrue() {
    CompletableFuture<Boolean> firstVerdict = new CompletableFuture<>();
    Task<Boolean> test =
        () -> {
          events.add("test");
          return events.size() == 1 ? firstVerdict : completedFuture(false);
        };

    CompletableFuture<Optional<Integer>> result = Async.whilst(test, body());
    assertThat(events).containsExactly("test");
    firstVerdict.complete(true);

    assertThat(events).containsExactly("test", "body", "test");
    assertThat(result).isCompletedWithValue(Optional.of(1));
  }

  @Test
  void theLastBodyResultIsTheResult() {
    Task<Boolean> test = () -> completedFuture(count.get() < 3);

    assertThat(Async.whilst(test, body()).join()).contains(3);
  }

  @Test
  void aTestThatIsFalseAtOnceNeverRunsTheBody() {
    assertThat(Async.whilst(() -> completedFuture(false), body()).join()).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void untilRunsTheBodyUntilTheAsyncTestIsTrue() {
    Task<Boolean> test = () -> completedFuture(count.get() >= 2);

    assertThat(Async.until(test, body()).join()).contains(2);
  }

  @Test
  void aFailingTestFailsTheLoop() {
    IOException boom = new IOException("boom");

    assertThatThrownBy(() -> Async.whilst(() -> failedFuture(boom), body()).join()).cause().isSameAs(boom);
  }

  @Test
  void aTestCompletingWithNullFailsTheLoopWithAMessage() {
    assertThatThrownBy(() -> Async.whilst(() -> completedFuture(null), body()).join())
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessage("test completed with null (expected: true or false)");
  }

  @Test
  void cancellingTheResultCancelsTheRunningTest() {
    CompletableFuture<Boolean> verdict = new CompletableFuture<>();

    Async.whilst(() -> verdict, body()).cancel(true);

    assertThat(verdict).isCancelled();
    assertThat(events).isEmpty();
  }

  @Test
  void manyInstantRoundsDoNotGrowTheStack() {
    Task<Boolean> test = () -> completedFuture(count.get() < 100_000);

    assertThat(Async.whilst(test, () -> completedFuture(count.incrementAndGet())).join()).contains(100_000);
  }
}
