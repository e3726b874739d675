package dev.corral.async.flow;

import static dev.corral.async.flow.ControlFlowTest.causeOf;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.CompletableFuture.failedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.async.TaskTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // a hung future fails the test instead of the build
class RetryAndTimeoutTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final AtomicInteger attempts = new AtomicInteger();

  private Task<String> failingTimes(int failures) {
    return () ->
        attempts.incrementAndGet() <= failures
            ? failedFuture(new IOException("attempt " + attempts.get()))
            : completedFuture("ok after " + attempts.get());
  }

  @Test
  void retryGivesTheFirstSuccess() {
    assertThat(Async.retry(5, failingTimes(2)).join()).isEqualTo("ok after 3");
  }

  @Test
  void retryGivesTheLastFailureWhenAttemptsRunOut() {
    CompletableFuture<String> result = Async.retry(3, failingTimes(10));

    assertThat(causeOf(result)).hasMessage("attempt 3");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void retryWaitsTheIntervalBetweenAttemptsOnTheScheduler() {
    RetryPolicy policy = RetryPolicy.builder().times(3).interval(Duration.ofSeconds(1)).scheduler(scheduler).build();
    CompletableFuture<String> result = Async.retry(policy, failingTimes(2));

    assertThat(attempts).hasValue(1);
    scheduler.advance(Duration.ofMillis(999));
    assertThat(attempts).hasValue(1);
    scheduler.advance(Duration.ofMillis(1));
    assertThat(attempts).hasValue(2);
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(result).isCompletedWithValue("ok after 3");
  }

  @Test
  void retryBackoffIsAFunctionOfTheRetryNumber() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .times(4)
            .backoff(retry -> Duration.ofSeconds(retry * 10L))
            .scheduler(scheduler)
            .build();
    Async.retry(policy, failingTimes(10));

    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(10).toNanos());
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(20).toNanos());
    scheduler.advance(Duration.ofSeconds(20));
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void retryStopsAtAnErrorTheFilterRejects() {
    RetryPolicy policy = RetryPolicy.builder().retryIf(error -> !(error instanceof IOException)).build();

    CompletableFuture<String> result = Async.retry(policy, failingTimes(10));

    assertThat(causeOf(result)).hasMessage("attempt 1");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void cancellingARetryCancelsThePendingWaitAndStartsNoMoreAttempts() {
    RetryPolicy policy = RetryPolicy.builder().interval(Duration.ofSeconds(1)).scheduler(scheduler).build();
    CompletableFuture<String> result = Async.retry(policy, failingTimes(10));

    result.cancel(true);
    scheduler.advance(Duration.ofMinutes(1));

    assertThat(attempts).hasValue(1);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void retryableRetriesEachTimeItIsStarted() {
    Task<String> task = Async.retryable(RetryPolicy.times(2), failingTimes(1));

    assertThat(task.start().toCompletableFuture().join()).isEqualTo("ok after 2");
  }

  @Test
  void retryPolicyRejectsZeroTimes() {
    assertThatThrownBy(() -> RetryPolicy.builder().times(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("times: 0 (expected: >= 1)");
  }

  @Test
  void timeoutFailsWithATypedExceptionAndCancelsTheTask() {
    CompletableFuture<String> run = new CompletableFuture<>();
    CompletableFuture<String> result = Async.timeout(() -> run, Duration.ofSeconds(5), scheduler);

    scheduler.advance(Duration.ofSeconds(5));

    assertThat(causeOf(result))
        .isInstanceOf(TaskTimeoutException.class)
        .hasMessage("task timed out after 5000ms");
    assertThat(run).isCancelled();
  }

  @Test
  void timeoutInterruptsTheVirtualThreadOfABlockingTask() throws Exception {
    CountDownLatch sleeping = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    CompletableFuture<Object> result =
        Async.timeout(
            Task.blocking(
                () -> {
                  sleeping.countDown();
                  try {
                    Thread.sleep(Duration.ofMinutes(5));
                  } catch (InterruptedException expected) {
                    interrupted.countDown();
                  }
                  return null;
                }),
            Duration.ofSeconds(1),
            scheduler);
    assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();

    scheduler.advance(Duration.ofSeconds(1));

    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(causeOf(result)).isInstanceOf(TaskTimeoutException.class);
  }

  @Test
  void aTaskThatFinishesInTimeCancelsItsTimer() {
    CompletableFuture<String> result = Async.timeout(() -> completedFuture("fast"), Duration.ofSeconds(5), scheduler);

    assertThat(result).isCompletedWithValue("fast");
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void timeoutRejectsANonPositiveLimit() {
    assertThatThrownBy(() -> Async.timeout(() -> completedFuture(1), Duration.ZERO, scheduler))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout: PT0S (expected: > 0)");
  }

  @Test
  void timeoutComposesWithParallelToBoundEachTask() {
    CompletableFuture<String> slow = new CompletableFuture<>();
    CompletableFuture<List<String>> result =
        Async.parallel(
            List.<Task<String>>of(
                () -> completedFuture("quick"), () -> Async.timeout(() -> slow, Duration.ofSeconds(1), scheduler)));

    scheduler.advance(Duration.ofSeconds(1));

    assertThat(causeOf(result)).isInstanceOf(TaskTimeoutException.class);
    assertThat(slow).isCancelled();
  }
}
