package dev.corral.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.async.Scheduler;
import dev.corral.async.TaskRejectedException;
import dev.corral.async.TaskTimeoutException;
import dev.corral.limit.FakeTicker;
import dev.corral.limit.Ticker;
import dev.corral.spring.autoconfigure.CorralAutoConfiguration;
import dev.corral.spring.bagpipe.CorralBagpipes;
import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.limit.LimiterRateLimitedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** @RateLimited and @Bagpipe on Mono and Flux methods: per subscription. */
class ReactiveAnnotationsTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CorralAutoConfiguration.class))
      .withBean(Ticker.class, FakeTicker::new)
      .withBean(Scheduler.class, ManualScheduler::new)
      .withBean(ReactiveService.class)
      .withPropertyValues("corral.limit.single.spec=rate=1r/m",
          "corral.limit.perUser.spec=rate=1r/m", "corral.limit.perUser.keyed=true",
          "corral.bagpipe.one.limit=1", "corral.bagpipe.one.queue-limit=0",
          "corral.bagpipe.timed.limit=1", "corral.bagpipe.timed.timeout=1s");

  @Test
  void eachSubscriptionTakesAPermitAndNothingHappensBeforeIt() {
    runner.run(context -> {
      ReactiveService service = context.getBean(ReactiveService.class);
      Mono<String> mono = service.mono();
      assertThat(context.getBean(CorralLimiters.class).get("single").granted()).isZero();
      assertThat(mono.block()).isEqualTo("mono 1");
      assertThatThrownBy(mono::block).isInstanceOf(LimiterRateLimitedException.class);
      assertThat(service.calls()).isEqualTo(1);
    });
  }

  @Test
  void monoFallbackAnswersARefusal() {
    runner.run(context -> {
      ReactiveService service = context.getBean(ReactiveService.class);
      assertThat(service.greet("ann").block()).isEqualTo("hello ann");
      assertThat(service.greet("ann").block()).isEqualTo("later ann");
    });
  }

  @Test
  void fluxHoldsItsSlotUntilCancelled() {
    runner.run(context -> {
      ReactiveService service = context.getBean(ReactiveService.class);
      var pipe = context.getBean(CorralBagpipes.class).get("one");
      List<String> seen = new CopyOnWriteArrayList<>();
      Disposable holder = service.stream().subscribe(seen::add);
      assertThat(seen).containsExactly("first");
      assertThat(pipe.active()).isEqualTo(1);
      assertThatThrownBy(() -> service.finite().collectList().block()).isInstanceOf(TaskRejectedException.class);
      assertThatThrownBy(() -> service.piped().block()).isInstanceOf(TaskRejectedException.class);
      holder.dispose();
      assertThat(pipe.active()).isZero();
      assertThat(service.finite().collectList().block()).containsExactly("a", "b");
      assertThat(service.piped().block()).isEqualTo("piped");
      assertThat(pipe.stats().succeeded()).isEqualTo(3); // the cancelled stream gave its slot back too
    });
  }

  @Test
  void fluxOutlivingTheTimeoutStopsWithTaskTimeoutException() {
    runner.run(context -> {
      ReactiveService service = context.getBean(ReactiveService.class);
      AtomicReference<Throwable> error = new AtomicReference<>();
      service.slowStream().subscribe(v -> { }, error::set);
      assertThat(error.get()).isNull();
      context.getBean(ManualScheduler.class).runAll();
      assertThat(error.get()).isInstanceOf(TaskTimeoutException.class);
      assertThat(context.getBean(CorralBagpipes.class).get("timed").active()).isZero();
    });
  }
}
