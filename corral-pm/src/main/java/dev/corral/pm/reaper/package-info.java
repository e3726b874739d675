/**
 * Reaping orphaned descendants when corral runs in the foreground as a container's PID 1: {@code OrphanReaper}
 * waits for the zombies it did not start, {@code ChildProcesses} knows the ones it did.
 */
package dev.corral.pm.reaper;
