package dev.corral.pm.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.process.AppSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real daemon (a separate JVM) in a temporary CORRAL_HOME. {@link #close()} sends {@code kill}, then SIGKILLs the
 * daemon and every app pid it ever reported, so nothing outlives the test even when it fails.
 */
final class DaemonFixture implements AutoCloseable {
  final CorralHome home;
  final DaemonClient client;
  private final List<Long> seenPids = new ArrayList<>();

  DaemonFixture(Path dir) {
    home = new CorralHome(dir.resolve("h"));
    client = new DaemonClient(home, DaemonLauncher.sameJvm(DaemonMain.class.getName()));
  }

  /** Sends through the real client; the reply converted to a Jackson tree for easy assertions. */
  JsonNode send(Request<?> request) {
    Reply reply = client.send(request);
    JsonNode result = FileJson.JSON.valueToTree(reply instanceof Reply.Instances list ? list.instances() : reply);
    remember(result);
    return result;
  }

  JsonNode start(AppSpec spec) {
    return send(new Request.Start(spec));
  }

  JsonNode list() {
    return send(new Request.ListInstances());
  }

  long daemonPid() throws Exception {
    return Long.parseLong(Files.readString(home.pidFile()).trim());
  }

  void remember(JsonNode views) {
    if (views != null && views.isArray()) {
      views.forEach(v -> {
        if (v.path("pid").asLong() > 0) {
          seenPids.add(v.path("pid").asLong());
        }
      });
    }
  }

  @Override
  public void close() throws Exception {
    String keepLog = System.getenv("PM_DEBUG_LOG"); // set it to a path to keep the daemon log of a failing test
    if (keepLog != null && Files.exists(home.daemonLog())) {
      Files.copy(home.daemonLog(), Path.of(keepLog), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    long daemon = Files.exists(home.pidFile()) ? daemonPid() : 0;
    try {
      client.sendIfRunning(new Request.ListInstances())
          .ifPresent(r -> remember(FileJson.JSON.valueToTree(r.instances())));
      client.sendIfRunning(new Request.Kill());
    } finally {
      ProcessHandle.of(daemon).ifPresent(h -> {
        try {
          h.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          h.destroyForcibly();
        }
      });
      seenPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }
}
