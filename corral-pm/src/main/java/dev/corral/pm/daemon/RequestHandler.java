package dev.corral.pm.daemon;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.protocol.ProtocolCodec;
import dev.corral.pm.daemon.protocol.ProtocolException;
import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.InstanceView;
import dev.corral.pm.process.Supervisor;
import dev.corral.pm.state.AtomicJsonFile;
import dev.corral.pm.state.Dump;
import dev.corral.pm.web.DashboardHost;
import dev.corral.pm.web.DashboardServer;
import dev.corral.pm.web.DashboardSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Turns one request line into supervisor calls and one reply line: the line is read by {@link ProtocolCodec} (an
 * unknown or invalid message gets its one error line back), then each {@link Request} record maps to a supervisor
 * operation. Errors are answered with a code: {@code user} (a {@link PmException}: an unknown target, an app that
 * exists), {@code invalid} (a bad value), {@code protocol} or {@code version} (from the codec) and {@code internal}
 * (a bug, also written to the daemon's log).
 *
 * <p>Thread-safe: each connection's thread calls {@link #answer}; the supervisor serialises the work.
 */
final class RequestHandler {
  private static final long WAIT_MINUTES = 10;

  private final Supervisor supervisor;
  private final AtomicJsonFile<Dump> dump;
  private final Consumer<String> log;
  private final DashboardHost dashboard;
  private final AtomicBoolean shutdown = new AtomicBoolean();

  RequestHandler(Supervisor supervisor, AtomicJsonFile<Dump> dump, DashboardHost dashboard, Consumer<String> log) {
    this.supervisor = supervisor;
    this.dump = dump;
    this.dashboard = dashboard;
    this.log = log;
  }

  /** Whether a {@code kill} was handled: the server stops once its answer is written. */
  boolean shutdownRequested() {
    return shutdown.get();
  }

  /** The reply line (without its newline) to one request line. */
  String answer(String line) {
    Request<?> request;
    try {
      request = ProtocolCodec.readRequest(line);
    } catch (ProtocolException e) {
      return ProtocolCodec.failure(e.code(), e.getMessage());
    }
    try {
      return ProtocolCodec.reply(handle(request));
    } catch (PmException e) {
      return ProtocolCodec.failure("user", e.getMessage());
    } catch (IllegalArgumentException e) {
      return ProtocolCodec.failure(ProtocolException.INVALID, e.getMessage());
    } catch (RuntimeException e) {
      log.accept(request.command() + ": internal error: " + e);
      return ProtocolCodec.failure("internal", "internal error in the daemon (see daemon.log): " + e);
    }
  }

  private Reply handle(Request<?> request) {
    return switch (request) {
      case Request.Ping p -> new Reply.Pong(ProcessHandle.current().pid(), ProtocolCodec.VERSION);
      case Request.ListInstances l -> views(supervisor.list());
      case Request.Start s -> views(supervisor.start(s.spec()));
      case Request.Update u -> views(supervisor.update(u.spec()));
      case Request.Stop s -> views(supervisor.stop(s.target()));
      case Request.Restart r -> views(supervisor.restart(r.target()));
      case Request.RestartWithEnv r -> views(supervisor.restartWithEnv(r.target(), r.env()));
      case Request.Reload r -> views(supervisor.reload(r.target(), r.parallel()));
      case Request.Delete d -> views(supervisor.delete(d.target()));
      case Request.Reset r -> views(supervisor.reset(r.target()));
      case Request.Flush f -> views(supervisor.flush(f.target()));
      case Request.Scale s -> views(supervisor.scale(s.name(), s.count(), s.relative()));
      case Request.SendSignal s -> views(supervisor.signal(s.target(), s.signal()));
      case Request.Save s -> save(s.force());
      case Request.Resurrect r -> resurrect();
      case Request.Dashboard d -> {
        DashboardServer server = dashboard.ensure(new DashboardSettings(d.host(), d.port(),
            d.token().isEmpty() ? Optional.empty() : Optional.of(d.token())));
        yield new Reply.DashboardAddress(server.url(), d.host(), server.port());
      }
      case Request.Kill k -> {
        Reply stopped = views(supervisor.stopAll());
        shutdown.set(true);
        yield stopped;
      }
    };
  }

  private Reply.Saved save(boolean force) {
    List<AppSpec> apps = apps(await(supervisor.list()));
    if (apps.isEmpty() && !force && dump.read().map(d -> !d.apps().isEmpty()).orElse(false)) {
      throw new PmException("nothing is running; refusing to overwrite the saved list with an empty one"
          + " (use 'corral save --force')");
    }
    dump.write(new Dump(Dump.FORMAT, apps));
    return new Reply.Saved(dump.path().toString(), apps.size());
  }

  private Reply.Instances resurrect() {
    Dump saved = dump.read().orElseThrow(() -> new PmException("no saved process list at " + dump.path()
        + " (run 'corral save' first)"));
    List<String> running = apps(await(supervisor.list())).stream().map(AppSpec::name).toList();
    List<InstanceView> started = new ArrayList<>();
    for (AppSpec spec : saved.apps()) {
      if (!running.contains(spec.name())) {
        started.addAll(await(supervisor.start(spec)));
      }
    }
    return new Reply.Instances(started);
  }

  private static List<AppSpec> apps(List<InstanceView> views) {
    Map<String, AppSpec> byName = new LinkedHashMap<>();
    views.forEach(v -> byName.putIfAbsent(v.name(), v.spec()));
    return List.copyOf(byName.values());
  }

  private static Reply.Instances views(CompletableFuture<List<InstanceView>> future) {
    return new Reply.Instances(await(future));
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PmException pm) {
        throw pm;
      }
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalStateException("internal error: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new PmException("the daemon did not finish within " + WAIT_MINUTES + " minutes", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PmException("interrupted", e);
    }
  }
}
