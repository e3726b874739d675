package dev.corral.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Timeouts free the slot and cancel the task; the clock is a {@link ManualScheduler}. */
class BagpipeTimeoutTest {
  private final ManualScheduler clock = new ManualScheduler();

  private Bagpipe pipeWithTimeout(int limit, Duration timeout) {
    return Bagpipe.builder(limit).timeout(timeout).scheduler(clock).build();
  }

  @Test
  void timeoutFailsTheFutureWithTheTimeoutInItsMessage() {
    Bagpipe pipe = pipeWithTimeout(1, Duration.ofMillis(10));
    CompletableFuture<String> future = pipe.submit(CompletableFuture::new);

    clock.advance(Duration.ofMillis(10));

    assertThatThrownBy(future::join)
        .hasCauseInstanceOf(TaskTimeoutException.class)
        .hasMessageContaining("timed out after 10ms");
    assertThat(pipe.stats().timedOut()).isEqualTo(1);
  }

  @Test
  void timeoutFreesTheSlotForTheNextTask() {
    Bagpipe pipe = pipeWithTimeout(1, Duration.ofMillis(10));
    pipe.submit(CompletableFuture::new);
    CompletableFuture<String> second = pipe.submit(() -> CompletableFuture.completedFuture("second"));
    assertThat(second).isNotDone();

    clock.advance(Duration.ofMillis(10));

    assertThat(second).isCompletedWithValue("second");
    assertThat(pipe.active()).isZero();
  }

  @Test
  void timeoutCancelsTheAsyncTasksStage() {
    Bagpipe pipe = pipeWithTimeout(1, Duration.ofSeconds(1));
    CompletableFuture<String> stage = new CompletableFuture<>();
    pipe.submit(() -> stage);

    clock.advance(Duration.ofSeconds(1));

    assertThat(stage).isCancelled();
  }

  @Test
  void timeoutInterruptsTheBlockingTasksVirtualThread() throws InterruptedException {
    Bagpipe pipe = pipeWithTimeout(1, Duration.ofSeconds(1));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    pipe.call(() -> {
      started.countDown();
      try {
        Thread.sleep(Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      return "late";
    });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    clock.advance(Duration.ofSeconds(1));

    assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pipe.active()).isZero();
  }

  @Test
  void timeoutCountsFromStartNotFromQueueing() {
    Bagpipe pipe = pipeWithTimeout(1, Duration.ofMillis(100));
    CompletableFuture<String> first = new CompletableFuture<>();
    pipe.submit(() -> first);
    CompletableFuture<String> secondStage = new CompletableFuture<>();
    CompletableFuture<String> second = pipe.submit(() -> secondStage);

    clock.advance(Duration.ofMillis(60));
    first.complete("first"); // second starts now, at t=60
    clock.advance(Duration.ofMillis(60)); // t=120: 60ms into second's run

    assertThat(second).isNotDone();
    clock.advance(Duration.ofMillis(40)); // t=160: 100ms into its run
    assertThat(second).isCompletedExceptionally();
  }

  @Test
  void completionBeforeTheTimeoutCancelsTheTimer() {
    Bagpipe pipe = pipeWithTimeout(2, Duration.ofSeconds(1));
    pipe.submit(() -> CompletableFuture.completedFuture("fast")).join();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void lateResultOfATimedOutTaskIsIgnored() {
    Bagpipe pipe = pipeWithTimeout(1, Duration.ofMillis(10));
    CompletableFuture<String> stage = new CompletableFuture<>();
    AtomicBoolean errorSeen = new AtomicBoolean();
    CompletableFuture<String> future = pipe.submit(() -> stage.whenComplete((v, e) -> errorSeen.set(e != null)));
    clock.advance(Duration.ofMillis(10));

    stage.complete("late"); // already cancelled: no effect on the accounting

    assertThat(pipe.active()).isZero();
    assertThat(pipe.stats().succeeded()).isZero();
    assertThat(future).isCompletedExceptionally();
  }

  @Test
  void realSchedulerTimesOutAHangingTask() {
    Bagpipe pipe = Bagpipe.builder(1).timeout(Duration.ofMillis(50)).build();
    CompletableFuture<String> future = pipe.submit(CompletableFuture::new);
    await().atMost(Duration.ofSeconds(30)).until(future::isDone);
    assertThatThrownBy(future::join).hasCauseInstanceOf(TaskTimeoutException.class);
  }
}
