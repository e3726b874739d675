package dev.corral.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.corral.async.Scheduler;
import dev.corral.async.TaskRejectedException;
import dev.corral.limit.FakeTicker;
import dev.corral.limit.Ticker;
import dev.corral.spring.AnnotatedService.User;
import dev.corral.spring.autoconfigure.CorralAutoConfiguration;
import dev.corral.spring.bagpipe.BagpipeTimeoutException;
import dev.corral.spring.bagpipe.CorralBagpipes;
import dev.corral.spring.limit.LimiterRateLimitedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

/** @RateLimited and @Bagpipe on a real bean, through the auto-configured proxy. */
class AnnotationsTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CorralAutoConfiguration.class))
      .withBean(Ticker.class, FakeTicker::new)
      .withBean(Scheduler.class, ManualScheduler::new)
      .withBean(AnnotatedService.class)
      .withPropertyValues(
          "corral.limit.single.spec=rate=1r/m",
          "corral.limit.perUser.spec=rate=1r/m", "corral.limit.perUser.keyed=true",
          "corral.limit.delayed.spec=rate=10r/s burst=1",
          "corral.bagpipe.one.limit=1", "corral.bagpipe.one.queue-limit=0",
          "corral.bagpipe.async.limit=1", "corral.bagpipe.async.queue-limit=1",
          "corral.bagpipe.timed.limit=1", "corral.bagpipe.timed.timeout=1s");

  private void run(ContextConsumer<AssertableApplicationContext> test) {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      test.accept(context);
    });
  }

  @Test
  void refusedValueCallThrowsWithTheLimiterAndTheRetryAfter() {
    run(context -> {
      AnnotatedService service = context.getBean(AnnotatedService.class);
      assertThat(service.single()).isEqualTo("ok");
      assertThatThrownBy(service::single)
          .isInstanceOfSatisfying(LimiterRateLimitedException.class, e -> {
            assertThat(e.limiter()).isEqualTo("single");
            assertThat(e.retryAfter()).isPositive();
            assertThat(e.getMessage()).startsWith("corral.limit.single: rate limited");
          });
    });
  }

  @Test
  void spelKeyLimitsEachUserSeparately() {
    run(context -> {
      AnnotatedService service = context.getBean(AnnotatedService.class);
      assertThat(service.perUser(new User("alice"))).isEqualTo("hello alice");
      assertThatThrownBy(() -> service.perUser(new User("alice"))).isInstanceOf(LimiterRateLimitedException.class);
      assertThat(service.perUser(new User("bob"))).isEqualTo("hello bob");
    });
  }

  @Test
  void refusedCompletionStageCallFailsItsStageInsteadOfThrowing() {
    run(context -> {
      AnnotatedService service = context.getBean(AnnotatedService.class);
      assertThat(service.perUserAsync("t", "carol").toCompletableFuture().join()).isEqualTo("async t:carol");
      CompletableFuture<String> refused = service.perUserAsync("t", "carol").toCompletableFuture();
      assertThat(refused).isCompletedExceptionally();
      assertThatThrownBy(refused::join).hasCauseInstanceOf(LimiterRateLimitedException.class);
    });
  }

  @Test
  void fallbackAnswersARefusedCall() {
    run(context -> {
      AnnotatedService service = context.getBean(AnnotatedService.class);
      assertThat(service.withFallback("dave")).isEqualTo("fresh dave");
      assertThat(service.withFallback("dave")).startsWith("cached dave (retry after PT");
      assertThat(service.withAsyncFallback("erin").join()).isEqualTo("fresh erin");
      assertThat(service.withAsyncFallback("erin").join()).isEqualTo("cached erin");
    });
  }

  @Test
  void limitReqDelayIsWaitedOnTheLimitersClock() {
    run(context -> {
      FakeTicker clock = context.getBean(FakeTicker.class);
      AnnotatedService service = context.getBean(AnnotatedService.class);
      long start = clock.read();
      assertThat(service.delayed()).isEqualTo("late");
      assertThat(clock.read()).isEqualTo(start);
      assertThat(service.delayed()).isEqualTo("late"); // admitted into the burst, 100 ms late at 10r/s
      assertThat(clock.read() - start).isEqualTo(Duration.ofMillis(100).toNanos());
    });
  }

  @Test
  void valueCallRunsOnTheCallersThreadAndIsRefusedWhenThePipeIsFull() {
    run(context -> {
      AnnotatedService service = context.getBean(AnnotatedService.class);
      AtomicReference<Thread> holder = new AtomicReference<>();
      CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> {
        holder.set(Thread.currentThread());
        try {
          return service.hold();
        } catch (InterruptedException e) {
          throw new CompletionException(e);
        }
      });
      await().until(() -> service.entered().getCount() == 0);
      assertThatThrownBy(service::quick).isInstanceOf(TaskRejectedException.class);
      service.leave().countDown();
      assertThat(held.join()).isEqualTo("held");
      assertThat(service.quick()).isEqualTo("quick");
      assertThat(service.threads()).containsExactly(holder.get(), Thread.currentThread());
    });
  }

  @Test
  void completionStageCallsQueueInThePipe() {
    run(context -> {
      AnnotatedService service = context.getBean(AnnotatedService.class);
      var pipe = context.getBean(CorralBagpipes.class).get("async");
      CompletableFuture<String> first = service.asyncCall();
      CompletableFuture<String> second = service.asyncCall();
      CompletableFuture<String> third = service.asyncCall();
      assertThat(service.pending()).hasSize(1); // the second waits without running
      assertThat(pipe.active()).isEqualTo(1);
      assertThat(pipe.queued()).isEqualTo(1);
      assertThatThrownBy(third::join).hasCauseInstanceOf(TaskRejectedException.class);
      service.pending().poll().complete("one");
      assertThat(first.join()).isEqualTo("one");
      assertThat(service.pending()).hasSize(1); // the second started as the first freed its slot
      service.pending().poll().complete("two");
      assertThat(second.join()).isEqualTo("two");
    });
  }

  @Test
  void valueCallOutlivingTheTimeoutIsInterruptedAndTheInterruptDoesNotLeak() {
    run(context -> {
      AnnotatedService service = context.getBean(AnnotatedService.class);
      ManualScheduler scheduler = context.getBean(ManualScheduler.class);
      CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
      CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
        try {
          service.untilInterrupted();
          return null;
        } catch (Throwable t) {
          interruptedAfter.complete(Thread.currentThread().isInterrupted());
          return t;
        }
      });
      await().until(() -> service.entered().getCount() == 0);
      scheduler.runAll();
      assertThat(failure.join()).isInstanceOf(BagpipeTimeoutException.class)
          .hasCauseInstanceOf(InterruptedException.class)
          .hasMessage("corral.bagpipe.timed: call timed out after PT1S");
      assertThat(interruptedAfter.join()).isFalse();
      assertThat(context.getBean(CorralBagpipes.class).get("timed").active()).isZero();
    });
  }
}
