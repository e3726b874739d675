package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.limit.adaptive.AimdLimit;
import dev.corral.limit.adaptive.Gradient2Limit;
import dev.corral.limit.adaptive.VegasLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The adaptive limits behave as Netflix concurrency-limits' AIMDLimit, VegasLimit and Gradient2Limit. */
class AdaptiveLimitsTest {

  private static final long MS = 1_000_000L;

  @Test
  void aimdIncreasesWhenBusyAndBacksOffOnDrop() {
    AimdLimit l = AimdLimit.builder().initialLimit(20).minLimit(20).maxLimit(200).build();
    l.onSample(0, 10 * MS, 5, false);           // not busy: 5*2 < 20
    assertThat(l.limit()).isEqualTo(20);
    l.onSample(0, 10 * MS, 10, false);          // 10*2 >= 20
    assertThat(l.limit()).isEqualTo(21);
    for (int i = 0; i < 30; i++) {
      l.onSample(0, 10 * MS, 40, false);
    }
    assertThat(l.limit()).isEqualTo(51);
    l.onSample(0, 10 * MS, 40, true);           // drop: * 0.9
    assertThat(l.limit()).isEqualTo(45);
    l.onSample(0, Duration.ofSeconds(6).toNanos(), 40, false); // slower than 5 s timeout
    assertThat(l.limit()).isEqualTo(40);
    for (int i = 0; i < 100; i++) {
      l.onSample(0, 10 * MS, 40, true);
    }
    assertThat(l.limit()).isEqualTo(20);        // floor at min
  }

  @Test
  void vegasGrowsWithoutQueueingAndShrinksWithIt() {
    VegasLimit l = VegasLimit.builder().initialLimit(10).maxLimit(1000).seed(1).build();
    l.onSample(0, 10 * MS, 10, false);          // first sample sets rtt_noload
    assertThat(l.rttNoLoadNanos()).isEqualTo(10 * MS);
    l.onSample(0, 10 * MS, 10, false);          // no queue: +beta = 6*log10(10) = 6
    assertThat(l.limit()).isEqualTo(16);
    l.onSample(0, 10 * MS, 4, false);           // app-limited (4*2 < 16): no change
    assertThat(l.limit()).isEqualTo(16);
    l.onSample(0, 20 * MS, 16, false);          // queue = ceil(16 * 0.5) = 8 > beta 6: -log10
    assertThat(l.limit()).isEqualTo(15);
    l.onSample(0, 10 * MS, 16, true);           // drop: -log10
    assertThat(l.limit()).isEqualTo(14);
  }

  @Test
  void vegasReprobesNoLoadRtt() {
    VegasLimit l = VegasLimit.builder().initialLimit(1).maxLimit(1).probeMultiplier(1).seed(3).build();
    l.onSample(0, 5 * MS, 1, false);
    for (int i = 0; i < 5; i++) {
      l.onSample(0, 50 * MS, 1, false);
    }
    assertThat(l.rttNoLoadNanos()).isEqualTo(50 * MS); // re-probed to the current RTT
  }

  @Test
  void gradient2HoldsAtSteadyLatencyAndDropsWhenLatencyRises() {
    Gradient2Limit l = Gradient2Limit.builder().initialLimit(50).minLimit(10).maxLimit(200).build();
    for (int i = 0; i < 100; i++) {
      l.onSample(0, 10 * MS, 50, false);
    }
    // steady RTT: gradient 1 (clamped from 1.5), +queueSize 4 per step, until 50 in flight is under half
    assertThat(l.limit()).isEqualTo(100);
    for (int i = 0; i < 200; i++) {
      l.onSample(0, 10 * MS, 200, false);
    }
    assertThat(l.limit()).isEqualTo(200);
    for (int i = 0; i < 200; i++) {
      l.onSample(0, 100 * MS, 200, false);
    }
    assertThat(l.limit()).isLessThan(100);
    assertThat(l.limit()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void gradient2DoesNotMoveWhenAppLimited() {
    Gradient2Limit l = Gradient2Limit.builder().initialLimit(100).minLimit(10).maxLimit(200).build();
    for (int i = 0; i < 50; i++) {
      l.onSample(0, 10 * MS, 20, false);
    }
    assertThat(l.limit()).isEqualTo(100);
  }

  @Test
  void boundsOutOfOrderAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> AimdLimit.builder().minLimit(0).build())
        .isInstanceOf(LimitConfigException.class).hasMessageContaining("minLimit");
    assertThatThrownBy(() -> Gradient2Limit.builder().minLimit(30).maxLimit(25).build())
        .isInstanceOf(LimitConfigException.class).hasMessageContaining("maxLimit").hasMessageContaining("30");
    assertThatThrownBy(() -> VegasLimit.builder().initialLimit(5).minLimit(10).build())
        .isInstanceOf(LimitConfigException.class).hasMessageContaining("initialLimit");
    assertThatThrownBy(() -> VegasLimit.builder().smoothing(0))
        .isInstanceOf(LimitConfigException.class).hasMessageContaining("smoothing");
  }

  @Test
  void vegasNeverDropsBelowItsMinLimit() {
    VegasLimit l = VegasLimit.builder().initialLimit(10).minLimit(8).maxLimit(100).seed(1).build();
    for (int i = 0; i < 50; i++) {
      l.onSample(0, 10 * MS, 10, true);         // every sample a drop: limit - log10(limit)
    }
    assertThat(l.limit()).isEqualTo(8);
  }
}
