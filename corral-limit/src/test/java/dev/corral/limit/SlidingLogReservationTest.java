package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link SlidingWindowLog} books future permits with {@code reserve(n, maxWait)}. */
class SlidingLogReservationTest {

  private static final long SECOND = 1_000_000_000L;

  private final FakeTicker clock = new FakeTicker();

  @Test
  void aReservationWaitsUntilThePermitsLeaveTheWindowAndDelaysLaterCallers() {
    SlidingWindowLog log = SlidingWindowLog.of(2, Duration.ofSeconds(10), clock);
    assertThat(log.tryAcquire(2)).isTrue();
    clock.advance(Duration.ofSeconds(4));

    assertThat(log.reserve(1, 7 * SECOND)).isEqualTo(6 * SECOND); // the oldest leaves at 10 s
    assertThat(log.tryAcquire()).isFalse();                       // booked ahead: nothing left now
    assertThat(log.decide().remaining()).isZero();
    assertThat(log.nanosToWait(1)).isEqualTo(6 * SECOND);         // after the booking, at 10 s
    assertThat(log.reserve(2, 5 * SECOND)).isEqualTo(RateLimiter.REJECTED);

    clock.advance(Duration.ofSeconds(6));
    assertThat(log.tryAcquire()).isTrue();  // at 10 s: the booked one and this one, the two of 0 s gone
    assertThat(log.tryAcquire()).isFalse();
  }

  @Test
  void withoutAWaitOnlyWhatIsFreeNowIsGranted() {
    SlidingWindowLog log = SlidingWindowLog.of(1, Duration.ofSeconds(1), clock);
    assertThat(log.reserve(1, 0)).isZero();
    assertThat(log.reserve(1, 0)).isEqualTo(RateLimiter.REJECTED);
    assertThat(log.decide().retryAfter()).isEqualTo(Duration.ofSeconds(1));
  }

  @Property(tries = 60)
  void reservationsKeepEverySlidingWindowWithinTheLimit(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int limit) {
    FakeTicker ticker = new FakeTicker();
    SlidingWindowLog log = SlidingWindowLog.of(limit, Duration.ofNanos(SECOND), ticker);
    Random random = new Random(seed);
    List<long[]> granted = new ArrayList<>(); // {time the permits are used, permits}
    for (int i = 0; i < 200; i++) {
      ticker.advance(random.nextLong(SECOND / 3));
      long permits = 1 + random.nextInt(limit);
      long maxWait = random.nextInt(4) == 0 ? 0 : random.nextLong(3 * SECOND);
      long wait = log.reserve(permits, maxWait);
      if (wait >= 0) {
        assertThat(wait).isLessThanOrEqualTo(maxWait);
        granted.add(new long[] {ticker.read() + wait, permits});
      }
    }
    for (long[] end : granted) {
      long inWindow = granted.stream().filter(g -> g[0] > end[0] - SECOND && g[0] <= end[0])
          .mapToLong(g -> g[1]).sum();
      assertThat(inWindow).as("permits used in the window ending at %d", end[0]).isLessThanOrEqualTo(limit);
    }
  }
}
