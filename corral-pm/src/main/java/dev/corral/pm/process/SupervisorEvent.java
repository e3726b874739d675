package dev.corral.pm.process;

/**
 * What the supervisor reports while it works: an instance launched, online, exited, adopted, restarting, or a note
 * about an instance or the supervisor itself. Typed, so that a consumer (the daemon's log, {@code --no-daemon}'s
 * stderr, a test, a dashboard) can act on the kind of event and its fields instead of parsing text; {@link #line()}
 * is the event as one human-readable line, as the daemon writes it. Immutable.
 */
public sealed interface SupervisorEvent {
  /** The event as one line of the daemon's log. */
  String line();

  /** An instance's process started; it stays launching until its readiness condition holds. */
  record Launched(String app, int id, long pid) implements SupervisorEvent {
    @Override
    public String line() {
      return app + " #" + id + " launched, pid " + pid + "; waiting for readiness";
    }
  }

  /**
   * An instance is online.
   *
   * @param readiness how its readiness ended ({@code READY}, {@code TIMED_OUT}); empty when it has no condition
   */
  record Online(String app, int id, long pid, String readiness) implements SupervisorEvent {
    @Override
    public String line() {
      return app + " #" + id + " online" + (readiness.isEmpty() ? "" : " (" + readiness + ")") + ", pid " + pid;
    }
  }

  /** A running instance left by a previous daemon was taken over. */
  record Adopted(String app, int id, long pid) implements SupervisorEvent {
    @Override
    public String line() {
      return app + " #" + id + " adopted, pid " + pid;
    }
  }

  /** An instance's own process exited with {@code code} (128+N for signal N; -1 when unknown). */
  record Exited(String app, int id, int code) implements SupervisorEvent {
    @Override
    public String line() {
      return app + " #" + id + " exited with code " + code;
    }
  }

  /** An instance could not be started at all (its pipes, its command). */
  record CannotStart(String app, int id, String reason) implements SupervisorEvent {
    @Override
    public String line() {
      return app + " #" + id + " cannot start: " + reason;
    }
  }

  /** An instance is restarted by corral for {@code reason} (unhealthy, over its memory limit, died unwatched). */
  record Restarting(String app, int id, String reason) implements SupervisorEvent {
    @Override
    public String line() {
      return app + " #" + id + " " + reason + ": restarting";
    }
  }

  /** Every instance of an app is restarted by a trigger: {@code cron_restart}, watched files. */
  record AppRestarting(String app, String reason) implements SupervisorEvent {
    @Override
    public String line() {
      return app + ": " + reason + ": restarting";
    }
  }

  /** Something worth a line about one instance (a stop that needed SIGKILL, a ready line seen). */
  record InstanceNote(String app, int id, String text) implements SupervisorEvent {
    @Override
    public String line() {
      return app + " #" + id + ": " + text;
    }
  }

  /** Something worth a line about the supervisor itself (its state file, its folders). */
  record Notice(String text) implements SupervisorEvent {
    @Override
    public String line() {
      return text;
    }
  }
}
