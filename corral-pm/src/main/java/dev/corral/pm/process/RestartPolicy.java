package dev.corral.pm.process;

/**
 * Decides what happens when a process exits on its own: pm2's rules, as a pure function so tests need no clock.
 *
 * <ul>
 *   <li>{@code autorestart} off, or the exit code in {@code stop_exit_codes}: stop.
 *   <li>A run shorter than {@code min_uptime} is unstable; more than {@code max_restarts} unstable runs in a
 *       row: errored. A stable run resets the count.
 *   <li>Delay: with {@code exp_backoff_restart_delay} set, the first delay is that value and each next one is
 *       ×1.5, capped at 15 s; a run of 30 s or more resets it. Otherwise {@code restart_delay} (default 0).
 * </ul>
 *
 * Stateless and thread-safe; the caller keeps {@link History} between exits.
 */
public final class RestartPolicy {
  /** pm2's cap on the exponential backoff. */
  public static final long BACKOFF_CAP_MS = 15_000;
  /** A run at least this long resets the exponential backoff (pm2's EXP_BACKOFF_RESET_TIMER). */
  public static final long BACKOFF_RESET_AFTER_MS = 30_000;
  /** Exit code reported when the daemon could not observe it (an adopted process). */
  public static final int UNKNOWN_EXIT_CODE = -1;

  /** What to do after an exit. */
  public enum Action { RESTART, STOP, ERRORED }

  /**
   * Counters carried from one exit to the next.
   *
   * @param unstableRestarts consecutive runs shorter than min_uptime
   * @param lastBackoffMs the previous exponential delay, 0 when none
   */
  public record History(int unstableRestarts, long lastBackoffMs) {
    public static final History FRESH = new History(0, 0);
  }

  /**
   * @param action what to do
   * @param delayMs wait before restarting (only for {@link Action#RESTART})
   * @param history counters to keep for the next exit
   */
  public record Decision(Action action, long delayMs, History history) {}

  /**
   * @param spec the app's settings
   * @param exitCode the exit code, or {@link #UNKNOWN_EXIT_CODE}; a death by signal N is 128+N
   * @param uptimeMs how long the run lasted
   * @param history counters from previous exits
   */
  public Decision decide(AppSpec spec, int exitCode, long uptimeMs, History history) {
    if (!spec.autorestart() || spec.stopExitCodes().contains(exitCode)) {
      return new Decision(Action.STOP, 0, history);
    }
    boolean unstable = uptimeMs < spec.minUptimeMs();
    int unstableRuns = unstable ? history.unstableRestarts() + 1 : 0;
    if (unstableRuns > spec.maxRestarts()) {
      return new Decision(Action.ERRORED, 0, new History(unstableRuns, history.lastBackoffMs()));
    }
    long backoff = 0;
    long delay = spec.restartDelayMs();
    if (spec.expBackoffRestartDelayMs() > 0) {
      boolean reset = history.lastBackoffMs() == 0 || uptimeMs >= BACKOFF_RESET_AFTER_MS;
      backoff = reset
          ? spec.expBackoffRestartDelayMs()
          : Math.min(BACKOFF_CAP_MS, Math.max(spec.expBackoffRestartDelayMs(), history.lastBackoffMs() * 3 / 2));
      delay = backoff;
    }
    return new Decision(Action.RESTART, delay, new History(unstableRuns, backoff));
  }
}
