/**
 * corral-pm: the process manager (pm2's job for JVM apps and any command).
 *
 * <ul>
 *   <li>{@link dev.corral.pm.process} supervises child processes: lifecycle state machine, restart policy,
 *       whole-tree signalling.
 *   <li>{@link dev.corral.pm.logs} writes each instance's stdout/stderr to rotating files.
 *   <li>{@link dev.corral.pm.daemon} is the per-user daemon and its versioned JSON protocol over a Unix socket.
 *   <li>{@link dev.corral.pm.state} saves the process list atomically for {@code resurrect} and recovery.
 *   <li>{@link dev.corral.pm.config} reads ecosystem files ({@code corral.yaml}).
 * </ul>
 */
package dev.corral.pm;
