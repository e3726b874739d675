package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code corral start} reads what to run: a whole command line in one string, and {@code --no-daemon}. */
class StartModesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aWholeCommandLineInOneStringRunsWithItsArguments() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.ok("start", "sh -c 'echo \"one two\" three; sleep 30'", "--name", "line");
      JsonNode app = JSON.readTree(cli.ok("jlist")).get(0);
      assertThat(app.path("name").asText()).isEqualTo("line");
      assertThat(app.path("spec").path("command").toString()).contains("\"-c\",\"echo \\\"one two\\\" three; sleep 30\"");
      await().atMost(WAIT).until(() -> Files.readString(Path.of(app.path("outLog").asText())).contains("one two three"));
    }
  }

  @Test
  void noDaemonRunsInTheForegroundPrintsTheAppsOutputAndStopsThemOnSigterm() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("app.sh", "trap 'echo stopping; exit 0' TERM INT\necho \"hello $CORRAL_INSTANCE\"\necho warn >&2\n"
          + "while true; do sleep 0.1; done");
      Path out = dir.resolve("fg.txt");
      Process fg = cli.spawn(out, "start", "--no-daemon", "app.sh", "-i", "2");
      try {
        await().atMost(WAIT).until(() -> Files.exists(out)
            && Files.readString(out).contains("app#0 | hello 0") && Files.readString(out).contains("app#1 | hello 1")
            && Files.readString(out).contains("app#0 | warn"));
        JsonNode list = JSON.readTree(cli.ok("jlist")); // the in-process daemon answers other commands
        assertThat(list).hasSize(2);
        long app0 = list.get(0).path("pid").asLong();
        fg.toHandle().destroy(); // SIGTERM, as docker stop
        assertThat(fg.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(app0).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      } finally {
        fg.destroyForcibly();
      }
    }
  }

  @Test
  void noDaemonExitsWhenTheAppsAreGone() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("once.sh", "echo done-once");
      Path out = dir.resolve("fg.txt");
      Process fg = cli.spawn(out, "start", "--no-daemon", "once.sh", "--no-autorestart");
      try {
        assertThat(fg.waitFor(60, TimeUnit.SECONDS)).as("exited once its app ended").isTrue();
        assertThat(fg.exitValue()).isZero();
        assertThat(Files.readString(out)).contains("once#0 | done-once").contains("every app has stopped");
      } finally {
        fg.destroyForcibly();
      }
    }
  }
}
