package dev.corral.async.flow;

import static dev.corral.async.flow.ControlFlowTest.causeOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // a hung future fails the test instead of the build
class TaskTest {

  /** An executor that holds commands until the test runs them. */
  private static final class HeldExecutor implements Executor {
    final List<Runnable> held = new ArrayList<>();

    @Override
    public void execute(Runnable command) {
      held.add(command);
    }

    void runAll() {
      held.forEach(Runnable::run);
    }
  }

  @Test
  void aBlockingTaskRunsOnAVirtualThreadByDefault() throws Exception {
    Boolean virtual =
        Task.blocking(() -> Thread.currentThread().isVirtual()).start().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(virtual).isTrue();
  }

  @Test
  void aBlockingTaskRunsOnTheGivenExecutor() {
    HeldExecutor executor = new HeldExecutor();
    CompletableFuture<String> run = Task.blocking(() -> "done", executor).start().toCompletableFuture();
    assertThat(run).isNotDone();

    executor.runAll();

    assertThat(run).isCompletedWithValue("done");
  }

  @Test
  void aRunCancelledBeforeItsThreadPicksItUpNeverCallsTheBody() {
    HeldExecutor executor = new HeldExecutor();
    AtomicBoolean bodyRan = new AtomicBoolean();
    CompletableFuture<String> run =
        Task.blocking(
                () -> {
                  bodyRan.set(true);
                  return "ran";
                },
                executor)
            .start()
            .toCompletableFuture();

    run.cancel(true);
    executor.runAll();

    assertThat(bodyRan).isFalse();
  }

  @Test
  void anExecutorThatRejectsFailsTheRun() {
    RejectedExecutionException rejected = new RejectedExecutionException("full");
    CompletableFuture<String> run =
        Task.blocking(
                () -> "never",
                command -> {
                  throw rejected;
                })
            .start()
            .toCompletableFuture();

    assertThat(causeOf(run)).isSameAs(rejected);
  }

  @Test
  void anInterruptCausedByCancelIsClearedBeforeThePooledThreadMovesOn() throws Exception {
    CountDownLatch inBody = new CountDownLatch(1);
    HeldExecutor executor = new HeldExecutor();
    CompletableFuture<String> run =
        Task.blocking(
                () -> {
                  inBody.countDown();
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                  // isInterrupted() leaves the flag set, as code that ignores interrupts would
                  while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                  }
                  return "late";
                },
                executor)
            .start()
            .toCompletableFuture();
    AtomicBoolean interruptedAfterRun = new AtomicBoolean(true);
    Thread pooled =
        Thread.ofPlatform()
            .start(
                () -> {
                  executor.runAll();
                  interruptedAfterRun.set(Thread.currentThread().isInterrupted());
                });
    assertThat(inBody.await(10, TimeUnit.SECONDS)).isTrue();

    run.cancel(true);
    pooled.join(10_000);

    assertThat(interruptedAfterRun).isFalse();
    assertThat(run).isCancelled();
  }

  @Test
  void aBlockingIterateeReceivesTheElement() {
    assertThat(
            Task.<Integer, Integer>blocking(n -> n * 2)
                .apply(21)
                .toCompletableFuture()
                .join())
        .isEqualTo(42);
  }
}
