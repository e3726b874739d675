package dev.corral.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.async.Bagpipe;
import dev.corral.limit.Decision;
import dev.corral.limit.FakeTicker;
import dev.corral.limit.LimitSpec;
import dev.corral.limit.Ticker;
import dev.corral.spring.autoconfigure.CorralAutoConfiguration;
import dev.corral.spring.bagpipe.CorralBagpipes;
import dev.corral.spring.bagpipe.NamedBagpipe;
import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.limit.NamedLimiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** corral.limit.* and corral.bagpipe.* bound into the registries, on a context with no web layer. */
class CorralPropertiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CorralAutoConfiguration.class))
      .withBean(Ticker.class, FakeTicker::new);

  @Test
  void limitSpecIsBoundAndBuiltOnTheApplicationsTicker() {
    runner.withPropertyValues("corral.limit.api.spec=rate=10r/s burst=2 nodelay").run(context -> {
      NamedLimiter api = context.getBean(CorralLimiters.class).get("api");
      assertThat(api.spec()).isEqualTo(LimitSpec.parse("rate=10r/s burst=2 nodelay"));
      assertThat(api.isKeyed()).isFalse();
      // burst 2 + 1 at once, then nothing until the fake clock moves
      assertThat(api.limiter().tryAcquire(3)).isTrue();
      assertThat(api.limiter().tryAcquire()).isFalse();
      context.getBean(FakeTicker.class).advanceMillis(100);
      assertThat(api.limiter().tryAcquire()).isTrue();
    });
  }

  @Test
  void keyedLimiterKeepsOneStatePerKey() {
    runner.withPropertyValues("corral.limit.login.spec=rate=1r/m", "corral.limit.login.keyed=true",
        "corral.limit.login.max-keys=10").run(context -> {
      NamedLimiter login = context.getBean(CorralLimiters.class).get("login");
      assertThat(login.isKeyed()).isTrue();
      assertThat(login.decide("alice", 1).allowed()).isTrue();
      assertThat(login.decide("alice", 1).rejected()).isTrue();
      assertThat(login.decide("bob", 1).allowed()).isTrue();
      assertThat(login.keys()).isEqualTo(2);
    });
  }

  @Test
  void grantedAndRejectedPermitsAreCountedWhateverTheEntryPoint() {
    runner.withPropertyValues("corral.limit.api.spec=rate=1r/s").run(context -> {
      NamedLimiter api = context.getBean(CorralLimiters.class).get("api");
      Decision first = api.decide(null, 1);
      boolean second = api.limiter().tryAcquire();
      assertThat(first.allowed()).isTrue();
      assertThat(second).isFalse();
      assertThat(api.granted()).isEqualTo(1);
      assertThat(api.rejected()).isEqualTo(1);
    });
  }

  @Test
  void bagpipeSettingsAreBound() {
    runner.withPropertyValues("corral.bagpipe.db.limit=3", "corral.bagpipe.db.queue-limit=7",
        "corral.bagpipe.db.timeout=2s").run(context -> {
      NamedBagpipe db = context.getBean(CorralBagpipes.class).find("db").orElseThrow();
      Bagpipe pipe = db.pipe();
      assertThat(pipe.limit()).isEqualTo(3);
      assertThat(db.queueLimit()).hasValue(7);
      assertThat(db.timeout()).contains(Duration.ofSeconds(2));
      assertThat(pipe.call(() -> "ran").join()).isEqualTo("ran");
    });
  }

  @Test
  void noPropertiesMeansEmptyRegistries() {
    runner.run(context -> {
      assertThat(context.getBean(CorralLimiters.class).all()).isEmpty();
      assertThat(context.getBean(CorralBagpipes.class).all()).isEmpty();
    });
  }
}
