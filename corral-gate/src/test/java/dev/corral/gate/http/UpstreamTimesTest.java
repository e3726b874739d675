package dev.corral.gate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpstreamTimesTest {
  private static final long MS = 1_000_000;

  @Test
  void durationsAreSecondsWithThreeDecimalsAsNginxWritesThem() {
    assertThat(RequestContext.seconds(0)).isEqualTo("0.000");
    assertThat(RequestContext.seconds(999_999)).isEqualTo("0.000");
    assertThat(RequestContext.seconds(7 * MS)).isEqualTo("0.007");
    assertThat(RequestContext.seconds(42 * MS)).isEqualTo("0.042");
    assertThat(RequestContext.seconds(100 * MS)).isEqualTo("0.100");
    assertThat(RequestContext.seconds(1234 * MS)).isEqualTo("1.234");
    assertThat(RequestContext.seconds(10_500 * MS)).isEqualTo("10.500");
  }

  @Test
  void eachTryGetsOneValueAndWhatATryNeverReachedIsADash() {
    UpstreamTimes times = new UpstreamTimes();
    times.started(0);
    times.ended(3 * MS); // refused: never connected
    times.started(3 * MS);
    times.connected(4 * MS);
    times.responded(10 * MS);
    times.ended(25 * MS);
    assertThat(times.connectTime()).isEqualTo("-, 0.001");
    assertThat(times.headerTime()).isEqualTo("-, 0.007");
    assertThat(times.responseTime()).isEqualTo("0.003, 0.022");
  }

  @Test
  void theTryInProgressShowsWhatIsKnownSoFar() {
    UpstreamTimes times = new UpstreamTimes();
    assertThat(times.responseTime()).isEmpty();
    times.started(0);
    times.connected(2 * MS);
    assertThat(times.connectTime()).isEqualTo("0.002");
    assertThat(times.headerTime()).isEqualTo("-");
    assertThat(times.responseTime()).isEqualTo("-");
  }

  @Test
  void manyTriesAreKept() {
    UpstreamTimes times = new UpstreamTimes();
    for (int i = 0; i < 5; i++) {
      times.started(i * MS);
    }
    times.ended(5 * MS);
    assertThat(times.responseTime()).isEqualTo("0.001, 0.001, 0.001, 0.001, 0.001");
  }
}
