package dev.corral.pm.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.pm.PmException;
import dev.corral.pm.process.InstanceView;
import dev.corral.pm.process.Supervisor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The page's buttons: {@code restart}, {@code reload}, {@code stop} of a target (an id or an app name) and
 * {@code scale} of an app to a count, as {@code corral restart|reload|stop|scale} do. The request body is
 * {@code {"action": "restart", "target": "web"}} or {@code {"action": "scale", "target": "web", "count": 3}}.
 * The supervisor does the work on its loop; the connection's thread waits for it, bounded.
 *
 * <p>Thread-safe (the supervisor serialises the work).
 */
final class Actions {
  static final long WAIT_SECONDS = 120;

  /** The outcome: the instances acted on, or a one-line refusal. */
  record Outcome(boolean ok, String error, List<InstanceRow> instances) {}

  private final Supervisor supervisor;

  Actions(Supervisor supervisor) {
    this.supervisor = supervisor;
  }

  /** Runs the action the body names. */
  Outcome run(JsonNode body) {
    String action = body.path("action").asText("");
    String target = body.path("target").asText("");
    if (target.isBlank()) {
      return refused("target: missing (expected: an id or an app name)");
    }
    CompletableFuture<List<InstanceView>> work;
    switch (action) {
      case "restart" -> work = supervisor.restart(target);
      case "reload" -> work = supervisor.reload(target, 1);
      case "stop" -> work = supervisor.stop(target);
      case "scale" -> {
        JsonNode count = body.path("count");
        if (!count.canConvertToInt() || !count.isIntegralNumber()) {
          return refused("count: " + count + " (expected: a number of instances, 1 to 1024)");
        }
        work = supervisor.scale(target, count.asInt(), false);
      }
      default -> {
        return refused("action: '" + action + "' (expected: restart, reload, stop or scale)");
      }
    }
    try {
      List<InstanceView> done = work.get(WAIT_SECONDS, TimeUnit.SECONDS);
      return new Outcome(true, "", done.stream().map(InstanceRow::of).toList());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PmException || e.getCause() instanceof IllegalArgumentException) {
        return refused(e.getCause().getMessage());
      }
      return refused(action + " failed: " + e.getCause());
    } catch (TimeoutException e) {
      return refused(action + " " + target + " has not finished within " + WAIT_SECONDS + " s; it goes on");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return refused("interrupted");
    }
  }

  private static Outcome refused(String why) {
    return new Outcome(false, why, List.of());
  }
}
