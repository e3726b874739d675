package dev.corral.pm.process;

/**
 * A snapshot of one instance for {@code list}, {@code jlist} and {@code describe}. Immutable.
 *
 * @param id unique id (pm2's pm_id)
 * @param name app name
 * @param namespace app namespace
 * @param index instance index within the app, 0..N-1
 * @param mode the exec mode: {@code fork}, {@code cluster} or {@code gate}
 * @param pid the root process, 0 when none
 * @param status the lifecycle state's label
 * @param uptimeMs time since the current process started, 0 when none
 * @param restarts restarts since start (automatic and manual)
 * @param unstableRestarts consecutive runs shorter than min_uptime
 * @param lastExitCode the last exit code, -1 when none or unknown
 * @param cpuPercent CPU of the whole tree over the last sample, in percent of one core
 * @param memoryBytes resident memory of the whole tree
 * @param outLog stdout log file
 * @param errLog stderr log file
 * @param spec the app's settings
 * @param port a cluster-mode instance's own port, or a gate's public port; 0 otherwise
 */
public record InstanceView(
    int id,
    String name,
    String namespace,
    int index,
    String mode,
    long pid,
    String status,
    long uptimeMs,
    int restarts,
    int unstableRestarts,
    int lastExitCode,
    double cpuPercent,
    long memoryBytes,
    String outLog,
    String errLog,
    AppSpec spec,
    int port) {
  /** Whether {@code target} names this instance: its id, its app's name or its namespace. */
  public boolean answersTo(String target) {
    return Integer.toString(id).equals(target) || name.equals(target) || namespace.equals(target);
  }
}
