package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pm2's start-again rules and the log options (merge_logs, log_date_format, --time, logs --timestamp). */
class PmStartAndLogsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOOP = "trap 'exit 0' INT\necho \"started $CORRAL_INSTANCE $COLOR\"\n"
      + "while true; do echo tick; sleep 0.2; done";

  @TempDir Path dir;

  private static List<JsonNode> jlist(Cli cli) throws Exception {
    return StreamSupport.stream(JSON.readTree(cli.ok("jlist")).spliterator(), false).toList();
  }

  @Test
  void startingARunningAppAgainIsRefusedUnlessForcedAndAStoppedOneStartsAgain() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("loop.sh", LOOP);
      cli.ok("start", "loop.sh", "--name", "web");
      Cli.Result again = cli.run("start", "loop.sh", "--name", "web");
      assertThat(again.exit()).isEqualTo(1);
      assertThat(again.err().strip()).isEqualTo("corral: app 'web' is already launched; add -f to start more"
          + " instances of it, or use 'corral restart web'");
      cli.ok("start", "loop.sh", "--name", "web", "-f");
      assertThat(jlist(cli)).hasSize(2);
      cli.ok("stop", "web");
      assertThat(cli.ok("start", "loop.sh", "--name", "web")).contains("online").doesNotContain("stopped");
      long restartsBefore = jlist(cli).get(0).path("restarts").asLong();
      cli.ok("start", "web"); // a name, not a file: pm2 restarts the app
      assertThat(jlist(cli).get(0).path("restarts").asLong()).isEqualTo(restartsBefore + 1);
    }
  }

  @Test
  void startingAnEcosystemFileAgainGivesExistingAppsTheNewSettings() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("loop.sh", LOOP);
      Path yaml = cli.work.resolve("corral.yaml");
      Files.writeString(yaml, "apps:\n  - name: api\n    script: loop.sh\n    env: {COLOR: blue}\n");
      cli.ok("start", "corral.yaml");
      Files.writeString(yaml, "apps:\n  - name: api\n    script: loop.sh\n    instances: 2\n    env: {COLOR: green}\n"
          + "  - name: extra\n    script: loop.sh\n");
      cli.ok("start", "corral.yaml");
      List<JsonNode> list = jlist(cli);
      assertThat(list).extracting(v -> v.path("name").asText()).containsExactly("api", "api", "extra");
      assertThat(list.get(0).path("restarts").asInt()).isEqualTo(1);
      assertThat(list).filteredOn(v -> v.path("name").asText().equals("api"))
          .allSatisfy(v -> assertThat(v.path("spec").path("env").path("COLOR").asText()).isEqualTo("green"));
      await().atMost(WAIT).until(() -> cli.ok("logs", "api", "--nostream", "--out", "--raw", "--lines", "100000")
          .contains("started 1 green"));
    }
  }

  @Test
  void mergedLogsWithTimeGoToOneFileWithPm2Timestamps() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("hello.sh", "trap 'exit 0' INT\necho \"hello $CORRAL_INSTANCE\"\nwhile true; do sleep 1; done");
      cli.ok("start", "hello.sh", "-i", "2", "--merge-logs", "--time");
      List<JsonNode> list = jlist(cli);
      assertThat(list.get(0).path("outLog").asText()).endsWith("hello-out.log")
          .isEqualTo(list.get(1).path("outLog").asText());
      Path out = Path.of(list.get(0).path("outLog").asText());
      await().atMost(WAIT).until(() -> Files.exists(out) && Files.readAllLines(out).size() == 2);
      assertThat(Files.readAllLines(out))
          .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d: hello [01]"))
          .extracting(l -> l.substring(l.length() - 1)).containsExactlyInAnyOrder("0", "1");
      assertThat(cli.ok("describe", "hello")).contains("log date format    YYYY-MM-DDTHH:mm:ss")
          .contains("merge logs         true");
      Cli.Result bad = cli.run("start", "hello.sh", "--name", "other", "--log-date-format", "[HH");
      assertThat(bad.exit()).isEqualTo(1);
      assertThat(bad.err().strip())
          .isEqualTo("corral: --log-date-format: [HH (expected: a ']' closing the '[' at 1)");
    }
  }

  @Test
  void moreBadInputGivesOneClearLineAndNoStateIsLost() throws Exception {
    try (Cli cli = new Cli(dir); java.net.ServerSocket taken = new java.net.ServerSocket()) {
      taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      cli.script("loop.sh", LOOP);
      cli.ok("start", "loop.sh", "--name", "web");
      assertOneLine(cli.run("start", "loop.sh", "--name", "api", "--ready-port", Integer.toString(taken.getLocalPort())),
          "corral: ready_port " + taken.getLocalPort() + " is already in use by another process; stop it or choose"
              + " another port");
      assertOneLine(cli.run("sendSignal", "SIGFOO", "web"),
          "corral: signal: FOO (expected: a signal name such as USR1, HUP or TERM)");
      assertOneLine(cli.run("start", "nope.yaml"), "corral: ecosystem file not found: " + cli.work.resolve("nope.yaml"));
      Files.writeString(cli.work.resolve("broken.json"), "{\"apps\": [\n");
      Cli.Result broken = cli.run("start", "broken.json");
      assertThat(broken.exit()).isEqualTo(1);
      assertThat(broken.err().strip()).startsWith("corral: broken.json:2: not valid YAML/JSON").doesNotContain("\n");
      assertOneLine(cli.run("logs", "nobody", "--nostream"), "corral: no app or namespace named 'nobody' (see corral list)");
      assertThat(jlist(cli)).extracting(v -> v.path("name").asText()).containsExactly("web");
    }
  }

  private static void assertOneLine(Cli.Result r, String line) {
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo(line);
  }

  @Test
  void logsTimestampStampsFollowedLines() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("loop.sh", LOOP);
      cli.ok("start", "loop.sh", "--name", "web");
      Path out = cli.work.resolve("follow.txt");
      Process logs = cli.spawn(out, "logs", "--timestamp", "web", "--out", "--lines", "0");
      try {
        await().atMost(WAIT).until(() -> Files.readString(out).lines()
            .anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d-\\d\\d:\\d\\d:\\d\\d 0\\|web\\|out\\| tick")));
      } finally {
        logs.destroyForcibly().waitFor();
      }
    }
  }
}
