package dev.corral.pm.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.pm.PmException;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.InstanceView;
import dev.corral.pm.process.Supervisor;
import dev.corral.pm.state.AtomicJsonFile;
import dev.corral.pm.state.Dump;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns one protocol request into supervisor calls and a response. Commands: {@code ping}, {@code start},
 * {@code update} (new settings for an existing app, then restart),
 * {@code list}, {@code stop}, {@code restart}, {@code reload} (rolling, for cluster mode), {@code delete}, {@code reset}, {@code flush}, {@code scale}, {@code signal},
 * {@code save}, {@code resurrect}, {@code kill}.
 *
 * <p>Thread-safe: each connection's thread calls {@link #handle}; the supervisor serialises the work.
 */
final class RequestHandler {
  private static final long WAIT_MINUTES = 10;

  private final Supervisor supervisor;
  private final AtomicJsonFile<Dump> dump;
  private final java.util.concurrent.atomic.AtomicBoolean shutdown = new java.util.concurrent.atomic.AtomicBoolean();

  RequestHandler(Supervisor supervisor, AtomicJsonFile<Dump> dump) {
    this.supervisor = supervisor;
    this.dump = dump;
  }

  /** Whether a {@code kill} was handled: the server stops once its answer is written. */
  boolean shutdownRequested() {
    return shutdown.get();
  }

  Protocol.Response handle(Protocol.Request request) {
    if (request.v() != Protocol.VERSION) {
      return Protocol.Response.failure("version", "protocol version mismatch: the CLI speaks " + request.v()
          + ", this daemon speaks " + Protocol.VERSION + "; run 'corral kill' (apps are stopped) and retry");
    }
    JsonNode args = request.args() == null ? Protocol.args() : request.args();
    try {
      return Protocol.Response.success(dispatch(request.cmd() == null ? "" : request.cmd(), args));
    } catch (PmException e) {
      return Protocol.Response.failure("user", e.getMessage());
    } catch (IllegalArgumentException e) {
      return Protocol.Response.failure("invalid", e.getMessage());
    } catch (RuntimeException e) {
      return Protocol.Response.failure("internal", "internal error in the daemon (see daemon.log): " + e);
    }
  }

  private JsonNode dispatch(String cmd, JsonNode args) {
    return switch (cmd) {
      case "ping" -> {
        ObjectNode pong = Protocol.args();
        pong.put("pid", ProcessHandle.current().pid());
        pong.put("protocol", Protocol.VERSION);
        yield pong;
      }
      case "start" -> views(supervisor.start(spec(args)));
      case "update" -> views(supervisor.update(spec(args)));
      case "list" -> views(supervisor.list());
      case "stop" -> views(supervisor.stop(target(args)));
      case "reload" -> views(supervisor.reload(target(args), args.path("parallel").asInt(1)));
      case "restart" -> views(args.hasNonNull("env")
          ? supervisor.restartWithEnv(target(args), env(args.get("env")))
          : supervisor.restart(target(args)));
      case "signal" -> views(supervisor.signal(target(args), text(args, "signal")));
      case "delete" -> views(supervisor.delete(target(args)));
      case "reset" -> views(supervisor.reset(target(args)));
      case "flush" -> views(supervisor.flush(target(args)));
      case "scale" -> views(supervisor.scale(text(args, "name"), args.path("count").asInt(),
          args.path("relative").asBoolean(false)));
      case "save" -> save(args.path("force").asBoolean(false));
      case "resurrect" -> resurrect();
      case "kill" -> {
        JsonNode stopped = views(supervisor.stopAll());
        shutdown.set(true);
        yield stopped;
      }
      default -> throw new PmException("unknown daemon command '" + cmd + "'");
    };
  }

  private JsonNode save(boolean force) {
    List<AppSpec> apps = apps(await(supervisor.list()));
    if (apps.isEmpty() && !force && dump.read().map(d -> !d.apps().isEmpty()).orElse(false)) {
      throw new PmException("nothing is running; refusing to overwrite the saved list with an empty one"
          + " (use 'corral save --force')");
    }
    dump.write(new Dump(Dump.FORMAT, apps));
    ObjectNode result = Protocol.args();
    result.put("file", dump.path().toString());
    result.put("apps", apps.size());
    return result;
  }

  private JsonNode resurrect() {
    Dump saved = dump.read().orElseThrow(() -> new PmException("no saved process list at " + dump.path()
        + " (run 'corral save' first)"));
    List<String> running = apps(await(supervisor.list())).stream().map(AppSpec::name).toList();
    List<InstanceView> started = new ArrayList<>();
    for (AppSpec spec : saved.apps()) {
      if (!running.contains(spec.name())) {
        started.addAll(await(supervisor.start(spec)));
      }
    }
    return Protocol.JSON.valueToTree(started);
  }

  private static List<AppSpec> apps(List<InstanceView> views) {
    Map<String, AppSpec> byName = new LinkedHashMap<>();
    views.forEach(v -> byName.putIfAbsent(v.name(), v.spec()));
    return List.copyOf(byName.values());
  }

  private static AppSpec spec(JsonNode args) {
    JsonNode spec = args.get("spec");
    if (spec == null || !spec.isObject()) {
      throw new PmException("start: missing app spec");
    }
    try {
      return Protocol.JSON.treeToValue(spec, AppSpec.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new IllegalArgumentException(cause.getMessage(), e);
    }
  }

  private static Map<String, String> env(JsonNode node) {
    Map<String, String> env = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static String target(JsonNode args) {
    return text(args, "target");
  }

  private static String text(JsonNode args, String field) {
    JsonNode node = args.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new PmException("missing " + field);
    }
    return node.asText();
  }

  private static JsonNode views(CompletableFuture<List<InstanceView>> future) {
    return Protocol.JSON.valueToTree(await(future));
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
