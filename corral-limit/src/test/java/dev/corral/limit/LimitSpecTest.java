package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.limit.LimitSpec.Algorithm;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LimitSpecTest {

  @Test
  void parsesNginxStyle() {
    LimitSpec s = LimitSpec.parse("rate=10r/s burst=20 nodelay");
    assertThat(s.algorithm()).isEqualTo(Algorithm.LIMIT_REQ);
    assertThat(s.rate()).isEqualTo(new Rate(10, TimeUnit.SECONDS));
    assertThat(s.burst()).isEqualTo(20);
    assertThat(s.nodelay()).isTrue();
    assertThat(s.toString()).isEqualTo("rate=10r/s burst=20 nodelay");
    assertThat(LimitSpec.parse(s.toString())).isEqualTo(s);

    LimitSpec d = LimitSpec.parse("  rate=30r/m,burst=2   delay=1 ");
    assertThat(d.rate().unit()).isEqualTo(TimeUnit.MINUTES);
    assertThat(d.delay()).isEqualTo(1);
    assertThat(d.nodelay()).isFalse();
    assertThat(Rate.parse("5").toString()).isEqualTo("5r/s");
    assertThat(Rate.parse("100r/h").periodNanos()).isEqualTo(TimeUnit.HOURS.toNanos(1));
  }

  @Test
  void parsesOtherAlgorithms() {
    LimitSpec tb = LimitSpec.parse("algorithm=token-bucket rate=100r/s capacity=500 refill=interval");
    assertThat(tb.algorithm()).isEqualTo(Algorithm.TOKEN_BUCKET);
    assertThat(tb.capacity()).isEqualTo(500);
    assertThat(tb.refill()).isEqualTo(LimitSpec.Refill.INTERVAL);
    assertThat(LimitSpec.parse(tb.toString())).isEqualTo(tb);
    assertThat(LimitSpec.parse("algo=gcra rate=5r/s burst=3").burst()).isEqualTo(3);
    assertThat(LimitSpec.parse("algorithm=token_bucket rate=5r/s warmup=10s").warmup())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(LimitSpec.parse("algorithm=sliding_log rate=100r/m").algorithm()).isEqualTo(Algorithm.SLIDING_LOG);
  }

  @Test
  void errorsNameTheTokenAndWhatWasExpected() {
    assertError("rate=10r/x burst=5", "rate=10r/x", "invalid rate \"10r/x\" in \"rate=10r/x burst=5\": expected <N>r/s");
    assertError("rate=0r/s", "rate=0r/s", "invalid rate \"0r/s\"");
    assertError("rate=-1r/s", "rate=-1r/s", "invalid rate");
    assertError("rate=10r/s burst=x", "burst=x", "invalid burst \"x\"");
    assertError("rate=10r/s burst=-3", "burst=-3", "expected a non-negative integer");
    assertError("rate=10r/s burst=", "burst=", "\"burst=\" needs a value");
    assertError("rate=10r/s bursts=5", "bursts=5", "unknown option \"bursts=5\"");
    assertError("rate=10r/s burst=1 burst=2", "burst=2", "duplicate option \"burst\"");
    assertError("burst=5", "rate", "missing rate");
    assertError("", "", "empty limit spec");
    assertError("rate=10r/s nodelay delay=3", "delay=3", "mutually exclusive");
    assertError("rate=10r/s nodelay=1", "nodelay=1", "takes no value");
    assertError("algorithm=leaky rate=1r/s", "algorithm=leaky", "unknown algorithm \"leaky\"");
    assertError("algorithm=token_bucket rate=1r/s burst=3", "burst=3", "use capacity=");
    assertError("algorithm=fixed_window rate=1r/s nodelay", "nodelay", "nodelay does not apply");
    assertError("rate=1r/h", "rate=1r/h", "below nginx's resolution");
    assertError("algorithm=token_bucket rate=1r/s warmup=soon", "warmup=soon", "invalid warmup");
    assertError("algorithm=token_bucket rate=1r/s capacity=0", "capacity=0", "positive integer");
  }

  private static void assertError(String spec, String token, String messagePart) {
    assertThatThrownBy(() -> LimitSpec.parse(spec))
        .isInstanceOf(LimitConfigException.class)
        .hasMessageContaining(messagePart)
        .satisfies(e -> {
          assertThat(((LimitConfigException) e).token()).isEqualTo(token);
          assertThat(((LimitConfigException) e).expected()).isNotBlank();
        });
  }
}
