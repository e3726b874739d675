package dev.corral.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Cancelling the future a pipe returned. */
class BagpipeCancellationTest {

  @Test
  void cancelledWaitingTaskNeverRuns() {
    Bagpipe pipe = Bagpipe.of(1);
    CompletableFuture<String> blocker = new CompletableFuture<>();
    pipe.submit(() -> blocker);
    AtomicBoolean ran = new AtomicBoolean();
    CompletableFuture<String> waiting = pipe.submit(() -> {
      ran.set(true);
      return CompletableFuture.completedFuture("ran");
    });

    assertThat(waiting.cancel(true)).isTrue();
    assertThat(pipe.queued()).isZero();
    blocker.complete("done");

    assertThat(ran).isFalse();
    assertThat(pipe.active()).isZero();
    assertThat(pipe.stats().cancelled()).isEqualTo(1);
  }

  @Test
  void cancelledWaitingTaskFreesItsBacklogPlace() {
    Bagpipe pipe = Bagpipe.builder(1).queueLimit(1).build();
    pipe.submit(CompletableFuture::new);
    CompletableFuture<Object> waiting = pipe.submit(CompletableFuture::new);
    waiting.cancel(false);

    CompletableFuture<Object> next = pipe.submit(CompletableFuture::new);

    assertThat(next).isNotDone(); // accepted into the backlog, not refused
    assertThat(pipe.queued()).isEqualTo(1);
  }

  @Test
  void cancellingARunningAsyncTaskCancelsItsStageAndFreesTheSlot() {
    Bagpipe pipe = Bagpipe.of(1);
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<String> running = pipe.submit(() -> stage);
    CompletableFuture<String> next = pipe.submit(() -> CompletableFuture.completedFuture("next"));

    running.cancel(true);

    assertThat(stage).isCancelled();
    assertThat(next).isCompletedWithValue("next");
    assertThat(pipe.active()).isZero();
  }

  @Test
  void cancellingARunningBlockingTaskInterruptsIt() throws InterruptedException {
    Bagpipe pipe = Bagpipe.of(1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    CompletableFuture<String> running = pipe.call(() -> {
      started.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      return "late";
    });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    running.cancel(true);

    assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(running).isCancelled();
    assertThat(pipe.active()).isZero();
  }

  @Test
  void cancellingACompletedTaskChangesNothing() {
    Bagpipe pipe = Bagpipe.of(1);
    CompletableFuture<String> done = pipe.submit(() -> CompletableFuture.completedFuture("v"));
    assertThat(done.cancel(true)).isFalse();
    assertThat(pipe.stats().cancelled()).isZero();
    assertThat(pipe.active()).isZero();
  }
}
