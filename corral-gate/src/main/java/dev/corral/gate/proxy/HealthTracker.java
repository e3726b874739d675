package dev.corral.gate.proxy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts consecutive health-check results per server and decides when a server changes state: {@code fall}
 * failures in a row make a healthy server unhealthy, {@code rise} passes in a row make an unhealthy one healthy.
 * Servers start healthy. Not thread-safe; owned by one {@link HealthChecker}, which runs on one event loop.
 */
final class HealthTracker {
  private final int fall;
  private final int rise;
  private final Map<String, int[]> state = new HashMap<>();

  HealthTracker(int fall, int rise) {
    this.fall = fall;
    this.rise = rise;
  }

  /**
   * Records one result.
   *
   * @return the new health if it changed, else empty
   */
  Optional<Boolean> record(String address, boolean pass) {
    // [0] = 1 if unhealthy, [1] = consecutive results that argue for a change
    int[] s = state.computeIfAbsent(address, a -> new int[2]);
    boolean healthy = s[0] == 0;
    if (pass == healthy) {
      s[1] = 0;
      return Optional.empty();
    }
    s[1]++;
    if (s[1] >= (healthy ? fall : rise)) {
      s[0] = healthy ? 1 : 0;
      s[1] = 0;
      return Optional.of(!healthy);
    }
    return Optional.empty();
  }
}
