package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode end to end: the real CLI and daemon, a real gate process, real app instances ({@link ClusterApp}),
 * and a client keeping 32 keep-alive connections busy ({@link LoadClient}) while instances are reloaded, scaled,
 * killed, and while the daemon itself is killed. Every failed or non-2xx request fails the test.
 */
class ClusterModeTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration LOAD_LIMIT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** An ecosystem file running {@link ClusterApp} in cluster mode on {@code port}. */
  private static Path ecosystem(Cli cli, int port, int instances) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ObjectNode app = JSON.createObjectNode();
    app.put("name", "web");
    ArrayNode command = app.putArray("command");
    List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-cp",
        System.getProperty("java.class.path"), ClusterApp.class.getName()).forEach(command::add);
    app.put("exec_mode", "cluster");
    app.put("port", port);
    app.put("instances", instances);
    app.put("listen_timeout", "20s");
    app.put("kill_timeout", "5s");
    ObjectNode root = JSON.createObjectNode();
    root.putArray("apps").add(app);
    Path file = cli.work.resolve("web.json");
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return file;
  }

  private static JsonNode jlist(Cli cli) throws Exception {
    return JSON.readTree(cli.ok("jlist"));
  }

  private static Set<String> pids(JsonNode list, String mode) {
    Set<String> pids = new HashSet<>();
    list.forEach(v -> {
      if (v.path("mode").asText().equals(mode) && v.path("status").asText().equals("online")) {
        pids.add(v.path("pid").asText());
      }
    });
    return pids;
  }

  private static String get(int port, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return r.body();
  }

  /** Starts the app and waits until every instance answers through the gate. */
  private static Set<String> startWeb(Cli cli, int port, int instances) throws Exception {
    cli.ok("start", ecosystem(cli, port, instances).toString());
    await().atMost(WAIT).until(() -> pids(jlist(cli), "cluster").size() == instances
        && pids(jlist(cli), "gate").size() == 1);
    Set<String> pids = pids(jlist(cli), "cluster");
    Set<String> seen = new HashSet<>();
    // Until the first instance has joined the gate's pool, the gate answers 502 (no live upstreams).
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      seen.add(get(port, "/").split(" ")[0]);
      return seen.containsAll(pids);
    });
    return pids;
  }

  @Test
  void instancesGetTheirOwnPortsAndServeTheAppsPortTogether() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      startWeb(cli, port, 2);
      JsonNode list = jlist(cli);
      Set<Integer> ports = new HashSet<>();
      list.forEach(v -> {
        if (v.path("mode").asText().equals("cluster")) {
          ports.add(v.path("port").asInt());
        }
      });
      assertThat(ports).hasSize(2).doesNotContain(port);
      assertThat(cli.ok("list")).contains("cluster").contains("gate");
    }
  }

  @Test
  void rollingReloadUnderLoadFailsNoRequest() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      Set<String> before = startWeb(cli, port, 4);
      try (LoadClient load = new LoadClient(port, 32, LOAD_LIMIT)) {
        load.awaitMore(500);
        cli.ok("reload", "web");
        load.awaitMore(500);
        load.stop();
        Set<String> after = pids(jlist(cli), "cluster");
        assertThat(load.failures()).isEmpty();
        assertThat(after).hasSize(4).doesNotContainAnyElementsOf(before);
        Set<String> oldOrNew = new HashSet<>(before);
        oldOrNew.addAll(after);
        assertThat(oldOrNew).containsAll(load.answersByPid().keySet());
        assertThat(load.answersByPid().keySet()).containsAll(after);
      }
    }
  }

  @Test
  void reloadDrainsInFlightRequestsBeforeStoppingAnAppThatDiesAtOnce() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      Files.writeString(cli.work.resolve("abrupt-stop"), "");
      Set<String> before = startWeb(cli, port, 2);
      // Slow POSTs: the gate never retries them, so one cut by a stopping instance is a failed request.
      try (LoadClient load = new LoadClient(port, 16, LOAD_LIMIT, "POST", "/?delay=300")) {
        load.awaitMore(40);
        cli.ok("reload", "web");
        load.awaitMore(40);
        load.stop();
        assertThat(load.failures()).isEmpty();
        assertThat(pids(jlist(cli), "cluster")).hasSize(2).doesNotContainAnyElementsOf(before);
      }
    }
  }

  @Test
  void scalingUpAndDownUnderLoadFailsNoRequest() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      startWeb(cli, port, 2);
      try (LoadClient load = new LoadClient(port, 32, LOAD_LIMIT)) {
        load.awaitMore(300);
        cli.ok("scale", "web", "4");
        await().atMost(WAIT).until(() -> pids(jlist(cli), "cluster").size() == 4);
        Set<String> four = pids(jlist(cli), "cluster");
        await().atMost(WAIT).until(() -> load.answersByPid().keySet().containsAll(four));
        cli.ok("scale", "web", "1");
        load.awaitMore(300);
        load.stop();
        assertThat(load.failures()).isEmpty();
        assertThat(pids(jlist(cli), "cluster")).hasSize(1);
      }
    }
  }

  @Test
  void aKilledInstanceFailsNoRequestAndRejoins() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      Set<String> before = startWeb(cli, port, 2);
      String victim = before.iterator().next();
      try (LoadClient load = new LoadClient(port, 32, LOAD_LIMIT)) {
        load.awaitMore(300);
        new ProcessBuilder("kill", "-9", victim).start().waitFor();
        await().atMost(WAIT).until(() -> {
          Set<String> now = pids(jlist(cli), "cluster");
          return now.size() == 2 && !now.contains(victim);
        });
        Set<String> now = pids(jlist(cli), "cluster");
        await().atMost(WAIT).until(() -> load.answersByPid().keySet().containsAll(now));
        load.stop();
        assertThat(load.failures()).isEmpty();
      }
    }
  }

  @Test
  void aKilledGateIsRestartedAndGetsItsPoolBack() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      Set<String> instances = startWeb(cli, port, 2);
      String gate = pids(jlist(cli), "gate").iterator().next();
      new ProcessBuilder("kill", "-9", gate).start().waitFor();
      await().atMost(WAIT).until(() -> {
        Set<String> now = pids(jlist(cli), "gate");
        return now.size() == 1 && !now.contains(gate);
      });
      Set<String> seen = new HashSet<>();
      await().atMost(WAIT).ignoreExceptions().until(() -> {
        seen.add(get(port, "/").split(" ")[0]);
        return seen.containsAll(instances);
      });
      assertThat(pids(jlist(cli), "cluster")).isEqualTo(instances);
    }
  }

  @Test
  void theDaemonCanDieWithoutADroppedRequest() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      Set<String> before = startWeb(cli, port, 2);
      Set<String> gate = pids(jlist(cli), "gate");
      long daemon = Long.parseLong(Files.readString(cli.home.resolve("daemon.pid")).trim());
      try (LoadClient load = new LoadClient(port, 32, LOAD_LIMIT)) {
        load.awaitMore(300);
        new ProcessBuilder("kill", "-9", Long.toString(daemon)).start().waitFor();
        await().atMost(WAIT).until(() -> ProcessHandle.of(daemon).map(h -> !h.isAlive()).orElse(true));
        load.awaitMore(1000);
        JsonNode list = jlist(cli); // a new daemon adopts the gate and the instances
        load.awaitMore(300);
        load.stop();
        assertThat(load.failures()).isEmpty();
        assertThat(pids(list, "cluster")).isEqualTo(before);
        assertThat(pids(list, "gate")).isEqualTo(gate);
        assertThat(load.answersByPid().keySet()).containsAll(before);
      }
      // The adopted cluster is still driven: a reload works through the new daemon.
      cli.ok("reload", "web");
      assertThat(pids(jlist(cli), "cluster")).hasSize(2).doesNotContainAnyElementsOf(before);
    }
  }

  @Test
  void aReloadCutShortByTheDaemonsDeathLeavesNoOrphan() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      Set<String> before = startWeb(cli, port, 2);
      Files.writeString(cli.work.resolve("never-ready"), ""); // the new instance runs but never becomes ready
      Process reload = cli.spawn(dir.resolve("reload.txt"), "reload", "web");
      Path state = cli.home.resolve("state.json");
      long[] orphan = {0};
      await().atMost(WAIT).until(() -> {
        for (JsonNode r : JSON.readTree(state.toFile()).path("instances")) {
          if (r.path("generation").asInt() > 0 && r.path("pid").asLong() > 0) {
            orphan[0] = r.path("pid").asLong();
          }
        }
        return orphan[0] > 0;
      });
      long daemon = Long.parseLong(Files.readString(cli.home.resolve("daemon.pid")).trim());
      new ProcessBuilder("kill", "-9", Long.toString(daemon)).start().waitFor();
      reload.waitFor();
      Files.delete(cli.work.resolve("never-ready"));
      assertThat(pids(jlist(cli), "cluster")).isEqualTo(before);
      await().atMost(WAIT).until(() -> ProcessHandle.of(orphan[0]).map(h -> !h.isAlive()).orElse(true));
      assertThat(get(port, "/").split(" ")[0]).isIn(before);
    }
  }

  @Test
  void aNewVersionThatFailsStopsTheReloadAndTheOldOnesKeepServing() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      Set<String> before = startWeb(cli, port, 2);
      try (LoadClient load = new LoadClient(port, 32, LOAD_LIMIT)) {
        load.awaitMore(300);
        Files.writeString(cli.work.resolve("fail-start"), "");
        Cli.Result failed = cli.run("reload", "web");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("reload web: the new instance #").contains("exited before it was ready")
            .contains("the old instances keep serving").contains("fail-start present: refusing to start");
        Files.delete(cli.work.resolve("fail-start"));
        Files.writeString(cli.work.resolve("never-ready"), "");
        Cli.Result notReady = cli.run("reload", "web");
        assertThat(notReady.exit()).isEqualTo(1);
        assertThat(notReady.err()).contains("was not ready within listen_timeout");
        load.awaitMore(300);
        load.stop();
        assertThat(load.failures()).isEmpty();
        assertThat(pids(jlist(cli), "cluster")).isEqualTo(before);
        assertThat(load.answersByPid().keySet()).isEqualTo(before);
      }
    }
  }
}
