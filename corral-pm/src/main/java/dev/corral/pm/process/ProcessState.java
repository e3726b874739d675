package dev.corral.pm.process;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of one supervised instance. Transitions are explicit; {@link #canMoveTo} is the whole table and the
 * supervisor refuses any other move (a bug, not a user error).
 *
 * <pre>
 * LAUNCHING → ONLINE (ready) | EXITED | STOPPING | ERRORED (could not start)
 * ONLINE → STOPPING (stop, restart, memory limit) | EXITED (the process ended by itself)
 * EXITED → WAITING_RESTART | STOPPED (autorestart off or a stop exit code) | ERRORED (too many unstable restarts)
 * WAITING_RESTART → LAUNCHING | STOPPED
 * STOPPING → STOPPED
 * STOPPED | ERRORED → LAUNCHING (start, restart, reset)
 * </pre>
 *
 * {@code EXITED} is transient: the tree is being reaped before the restart decision is applied.
 */
public enum ProcessState {
  LAUNCHING("launching"),
  ONLINE("online"),
  STOPPING("stopping"),
  EXITED("exited"),
  WAITING_RESTART("waiting restart"),
  STOPPED("stopped"),
  ERRORED("errored");

  private final String label;

  ProcessState(String label) {
    this.label = label;
  }

  /** The lower-case name shown by {@code corral list} (pm2's wording). */
  public String label() {
    return label;
  }

  /** Whether the lifecycle allows moving from this state to {@code next}. */
  public boolean canMoveTo(ProcessState next) {
    return successors().contains(next);
  }

  private Set<ProcessState> successors() {
    return switch (this) {
      case LAUNCHING -> EnumSet.of(ONLINE, ERRORED, STOPPING, EXITED);
      case ONLINE -> EnumSet.of(STOPPING, EXITED);
      case EXITED -> EnumSet.of(WAITING_RESTART, STOPPED, ERRORED, STOPPING);
      case WAITING_RESTART -> EnumSet.of(LAUNCHING, STOPPED);
      case STOPPING -> EnumSet.of(STOPPED);
      case STOPPED, ERRORED -> EnumSet.of(LAUNCHING);
    };
  }

  /** Whether a process of this instance may be alive (so stop must signal it). */
  public boolean hasProcess() {
    return this == LAUNCHING || this == ONLINE || this == STOPPING || this == EXITED;
  }
}
