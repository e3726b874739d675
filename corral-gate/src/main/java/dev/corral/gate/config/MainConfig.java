package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The main and {@code events} contexts, mapped to Corral.
 *
 * @param workerProcesses event loops; 0 means {@code auto} (one per core)
 * @param pidFile {@code pid}, default {@code logs/nginx.pid} under the prefix ({@code logs/gate.pid} for Corral)
 * @param errorLog {@code error_log} path; empty when the configuration has none (then {@code -e}, else
 *     {@code logs/error.log} under the prefix, as nginx)
 * @param errorLogLevel default {@code error}
 * @param daemon {@code daemon}, default off for Corral (foreground)
 * @param workerConnections {@code events { worker_connections }}: client connections per event loop, default 512
 * @param workerRlimitNofile 0 = not set
 * @param user {@code user NAME [GROUP]}: the account the gate must run as; checked at start, never switched to
 *     (see {@code GateServer})
 * @param eventMethod {@code events { use METHOD; }}: {@code io_uring} or {@code epoll}; empty for the best one
 *     available (io_uring, else epoll, else NIO)
 * @param workerShutdownTimeout {@code worker_shutdown_timeout}: how long a graceful quit waits for connections and
 *     stream sessions in progress; empty: the caller's default (nginx waits without end; corral 30s)
 */
public record MainConfig(int workerProcesses, Path pidFile, Optional<Path> errorLog, String errorLogLevel, boolean daemon,
    int workerConnections, long workerRlimitNofile, Optional<String> user, Optional<String> eventMethod,
    Optional<java.time.Duration> workerShutdownTimeout) {}
