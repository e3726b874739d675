package dev.corral.pm.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  private final RestartPolicy policy = new RestartPolicy();
  private final AppSpec base = AppSpec.builder("app", List.of("true"), "/").build();

  @Test
  void exitCodeListedInStopExitCodesStops() {
    AppSpec spec = base.toBuilder().stopExitCodes(List.of(0, 3)).build();
    assertThat(policy.decide(spec, 3, 5_000, RestartPolicy.History.FRESH).action())
        .isEqualTo(RestartPolicy.Action.STOP);
  }

  @Test
  void autorestartOffStops() {
    AppSpec spec = base.toBuilder().autorestart(false).build();
    assertThat(policy.decide(spec, 1, 5_000, RestartPolicy.History.FRESH).action())
        .isEqualTo(RestartPolicy.Action.STOP);
  }

  @Test
  void moreUnstableRunsThanMaxRestartsIsErrored() {
    AppSpec spec = base.toBuilder().maxRestarts(2).build();
    RestartPolicy.History h = RestartPolicy.History.FRESH;
    List<RestartPolicy.Action> actions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RestartPolicy.Decision d = policy.decide(spec, 1, 10, h);
      actions.add(d.action());
      h = d.history();
    }
    assertThat(actions).containsExactly(RestartPolicy.Action.RESTART, RestartPolicy.Action.RESTART,
        RestartPolicy.Action.ERRORED);
  }

  @Test
  void aStableRunResetsTheUnstableCount() {
    AppSpec spec = base.toBuilder().maxRestarts(1).build();
    RestartPolicy.Decision unstable = policy.decide(spec, 1, 10, RestartPolicy.History.FRESH);
    RestartPolicy.Decision stable = policy.decide(spec, 1, 5_000, unstable.history());
    assertThat(stable.history().unstableRestarts()).isZero();
    assertThat(policy.decide(spec, 1, 10, stable.history()).action()).isEqualTo(RestartPolicy.Action.RESTART);
  }

  @Test
  void fixedRestartDelayIsUsedWithoutBackoff() {
    AppSpec spec = base.toBuilder().restartDelayMs(700).build();
    assertThat(policy.decide(spec, 1, 5_000, RestartPolicy.History.FRESH).delayMs()).isEqualTo(700);
  }

  @Test
  void exponentialBackoffGrowsByHalfAndIsCappedAtFifteenSeconds() {
    AppSpec spec = base.toBuilder().expBackoffRestartDelayMs(100).maxRestarts(1000).build();
    RestartPolicy.History h = RestartPolicy.History.FRESH;
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      RestartPolicy.Decision d = policy.decide(spec, 1, 10, h);
      delays.add(d.delayMs());
      h = d.history();
    }
    assertThat(delays.subList(0, 5)).containsExactly(100L, 150L, 225L, 337L, 505L);
    assertThat(delays.get(15)).isEqualTo(RestartPolicy.BACKOFF_CAP_MS);
  }

  @Test
  void exponentialBackoffResetsAfterThirtySecondsUp() {
    AppSpec spec = base.toBuilder().expBackoffRestartDelayMs(100).build();
    RestartPolicy.History grown = new RestartPolicy.History(0, 5_000);
    assertThat(policy.decide(spec, 1, 29_999, grown).delayMs()).isEqualTo(7_500);
    assertThat(policy.decide(spec, 1, 30_000, grown).delayMs()).isEqualTo(100);
  }
}
