package dev.corral.pm.process;

/**
 * What the daemon remembers of one instance so a later daemon can take it over after a {@code kill -9}: the
 * process (pid and its start time, to tell a reused pid from ours), the named pipes carrying its output, and the
 * counters. Immutable.
 *
 * @param id instance id
 * @param name app name
 * @param index instance index
 * @param state lifecycle state when recorded
 * @param pid root pid, 0 when none
 * @param processStartMs the OS start time of {@code pid} (epoch ms), 0 when unknown
 * @param startedAtMs when corral launched it (epoch ms), for the uptime
 * @param launchSeq launch counter (names the pipes)
 * @param outPipe the stdout named pipe, empty when none
 * @param errPipe the stderr named pipe, empty when none
 * @param restarts restarts so far
 * @param unstableRestarts consecutive unstable runs
 * @param port a cluster-mode instance's own port, 0 when none
 * @param generation the instance object's generation (see {@code Instance}); 0 in records of older daemons
 * @param mode the spec's exec_mode: {@code gate} marks the front of a cluster-mode app; null in older records
 */
public record InstanceRecord(
    int id,
    String name,
    int index,
    ProcessState state,
    long pid,
    long processStartMs,
    long startedAtMs,
    int launchSeq,
    String outPipe,
    String errPipe,
    int restarts,
    int unstableRestarts,
    int port,
    int generation,
    String mode) {

  /** Whether this is the record of a cluster-mode app's gate. */
  public boolean gate() {
    return "gate".equals(mode);
  }
}
