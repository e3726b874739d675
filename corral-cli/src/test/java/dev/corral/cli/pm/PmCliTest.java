package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI, a real daemon, real child processes. */
class PmCliTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOOP = "trap 'exit 0' INT\necho \"started $CORRAL_INSTANCE\"\n"
      + "while true; do sleep 0.2; done";

  @TempDir Path dir;

  private static JsonNode jlist(Cli cli) throws Exception {
    return JSON.readTree(cli.ok("jlist"));
  }

  @Test
  void startListStopAndDeleteWork() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("loop.sh", LOOP);
      String table = cli.ok("start", "loop.sh", "--name", "web", "-i", "2");
      assertThat(table).contains("web").contains("online");
      JsonNode list = jlist(cli);
      assertThat(list).hasSize(2);
      assertThat(list.get(1).path("index").asInt()).isEqualTo(1);
      assertThat(cli.ok("stop", "web")).contains("stopped").doesNotContain("online");
      assertThat(cli.ok("restart", "0")).contains("online");
      assertThat(cli.ok("describe", "web")).contains("status             online").contains("loop.sh");
      cli.ok("delete", "all");
      assertThat(cli.ok("ls")).contains("no processes");
    }
  }

  @Test
  void badInputGivesOneClearLineAndANonZeroExit() throws Exception {
    try (Cli cli = new Cli(dir)) {
      Cli.Result missing = cli.run("start", "missing.sh");
      assertThat(missing.exit()).isEqualTo(1);
      assertThat(missing.err().strip()).startsWith("corral: script not found: missing.sh").doesNotContain("\n");
      Cli.Result unknown = cli.run("stop", "nope");
      assertThat(unknown.exit()).isEqualTo(1);
      assertThat(unknown.err().strip()).isEqualTo("corral: no app or namespace named 'nope' (see corral list)");
      cli.script("loop.sh", LOOP);
      Cli.Result badDuration = cli.run("start", "loop.sh", "--min-uptime", "soon");
      assertThat(badDuration.exit()).isEqualTo(1);
      assertThat(badDuration.err().strip())
          .isEqualTo("corral: --min-uptime: soon (expected: a duration such as 1600, 500ms, 5s, 2m)");
      assertThat(cli.run("frobnicate").exit()).isEqualTo(2);
      assertThat(cli.ok("ls")).contains("no processes");
    }
  }

  @Test
  void crashLoopEndsErroredAndTheLogsSayWhy() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("crash.sh", "echo boom; exit 4");
      cli.ok("start", "crash.sh", "--max-restarts", "2", "--min-uptime", "1m");
      await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
          .until(() -> jlist(cli).get(0).path("status").asText().equals("errored"));
      String logs = cli.ok("logs", "crash", "--nostream", "--lines", "20");
      assertThat(logs).contains("0|crash|out| boom").contains("[corral] errored");
      JsonNode json = JSON.readTree(cli.ok("logs", "crash", "--nostream", "--lines", "1", "--out", "--json").strip());
      assertThat(json.fieldNames()).toIterable()
          .containsExactly("message", "timestamp", "type", "process_id", "app_name");
      assertThat(json.path("message").asText()).isEqualTo("boom");
      assertThat(json.path("type").asText()).isEqualTo("out");
      assertThat(json.path("process_id").asInt()).isZero();
      assertThat(json.path("app_name").asText()).isEqualTo("crash");
      assertThat(java.time.Instant.parse(json.path("timestamp").asText())).isNotNull();
    }
  }

  @Test
  void ecosystemFileStartsOnlyTheChosenAppAndReportsErrorsWithTheirLine() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("loop.sh", LOOP);
      Files.writeString(cli.work.resolve("corral.yaml"), """
          apps:
            - name: a
              script: loop.sh
            - name: b
              script: loop.sh
              instances: 2
          """);
      cli.ok("start", "corral.yaml", "--only", "b");
      assertThat(jlist(cli)).extracting(v -> v.path("name").asText()).containsExactly("b", "b");
      Files.writeString(cli.work.resolve("broken.yaml"), "apps:\n  - name: c\n    script: loop.sh\n    instances: lots\n");
      Cli.Result broken = cli.run("start", "broken.yaml");
      assertThat(broken.exit()).isEqualTo(1);
      assertThat(broken.err().strip())
          .isEqualTo("corral: broken.yaml:4: apps[0].instances: lots (expected: a number >= 1, max, 0 or -1)");
    }
  }

  @Test
  void saveKillAndResurrectBringTheAppsBack() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("loop.sh", LOOP);
      cli.ok("start", "loop.sh", "--name", "keeper");
      assertThat(cli.ok("save")).contains("saved 1 app(s)");
      assertThat(cli.ok("kill")).contains("stopped 1 process and the daemon");
      assertThat(cli.ok("resurrect")).contains("keeper").contains("online");
    }
  }

  @Test
  void scaleChangesTheNumberOfInstances() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("loop.sh", LOOP);
      cli.ok("start", "loop.sh", "--name", "web");
      cli.ok("scale", "web", "+2");
      assertThat(jlist(cli)).hasSize(3);
      cli.ok("scale", "web", "1");
      assertThat(jlist(cli)).hasSize(1);
    }
  }
}
