package dev.corral.pm.web;

import dev.corral.pm.process.Supervisor;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The daemon's one dashboard, started on demand: {@code corral dashboard} asks for it with settings; a dashboard
 * already running with the same host and token is kept (port 0 means "wherever it is"), one with other settings is
 * closed and started again where asked. It runs until the daemon stops. Not started by the daemon on its own, so a
 * corral that never asked for a dashboard opens no port at all.
 *
 * <p>Thread-safe: {@link #ensure} and {@link #close} are synchronized.
 */
public final class DashboardHost implements AutoCloseable {
  private final Supervisor supervisor;
  private final GateReader gates;
  private final Clock clock;
  private final Consumer<String> log;
  // Guarded by this: the running dashboard, if any.
  private DashboardServer current;

  public DashboardHost(Supervisor supervisor, GateReader gates, Clock clock, Consumer<String> log) {
    this.supervisor = supervisor;
    this.gates = gates;
    this.clock = clock;
    this.log = log;
  }

  /**
   * The running dashboard, started or moved to {@code settings} first if needed.
   *
   * @throws dev.corral.pm.PmException when the address cannot be bound (a running dashboard is kept then)
   */
  public synchronized DashboardServer ensure(DashboardSettings settings) {
    if (current != null && current.settings().host().equals(settings.host())
        && current.settings().token().equals(settings.token())
        && (settings.port() == 0 || settings.port() == current.port())) {
      return current;
    }
    if (current != null && settings.port() == current.port()) {
      current.close(); // the same port, other settings: free it first
      current = null;
    }
    DashboardServer next = DashboardServer.start(settings, supervisor, gates, clock, log);
    if (current != null) {
      current.close();
    }
    current = next;
    log.accept("dashboard listening on " + settings.host() + ":" + next.port()
        + (settings.token().isPresent() ? " (token required)" : ""));
    return next;
  }

  /** The running dashboard, if any. */
  public synchronized Optional<DashboardServer> current() {
    return Optional.ofNullable(current);
  }

  @Override
  public synchronized void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
