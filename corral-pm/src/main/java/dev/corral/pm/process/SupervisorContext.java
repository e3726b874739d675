package dev.corral.pm.process;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What every {@link Instance} shares: the supervisor's single-threaded loop (all lifecycle state is owned by it),
 * the clock, the launcher, the restart policy, the folders, and the hooks for events and state changes.
 *
 * @param loop the single thread that owns all instance state; timers run on it too
 * @param clock time source for uptimes and timestamps
 * @param launcher starts child processes
 * @param policy decides restarts
 * @param logsDir where {@code NAME-ID-out.log} / {@code -err.log} go
 * @param pipesDir where the named pipes of running children live
 * @param events receives each lifecycle event (the daemon writes {@link SupervisorEvent#line()} to its log)
 * @param changed runs on the loop after any state change (the daemon saves its state)
 * @param probes runs readiness and health checks, which block (virtual threads suit it)
 */
public record SupervisorContext(
    ScheduledExecutorService loop,
    Clock clock,
    ChildLauncher launcher,
    RestartPolicy policy,
    Path logsDir,
    Path pipesDir,
    Consumer<SupervisorEvent> events,
    Runnable changed,
    java.util.concurrent.Executor probes) {}
