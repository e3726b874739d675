package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

  @Test
  void noDaemonAdoptsAndReapsOrphanedGrandchildrenWhileTheAppsExitCodesStayRight() throws Exception {
    try (Cli cli = new Cli(dir)) {
      // Runs 1 and 2 leave a grandchild behind and crash with code 3; run 3 stays up.
      cli.script("app.sh", "run=$(( $(cat runs 2>/dev/null || echo 0) + 1 )); echo $run > runs\n"
          + "if [ $run -le 2 ]; then bash grandchild.sh $$ $run & exit 3; fi\n"
          + "echo \"run $run online\"\nwhile true; do sleep 0.1; done");
      // Outlives its parent, notes its new parent, then exits: a zombie unless its new parent waits for it.
      cli.script("grandchild.sh", "trap '' INT TERM HUP\n"
          + "while [ \"$(cut -d' ' -f4 /proc/$$/stat)\" = \"$1\" ]; do sleep 0.05; done\n"
          + "echo \"$$ $(cut -d' ' -f4 /proc/$$/stat)\" > gc-$2.tmp && mv gc-$2.tmp gc-$2");
      Path out = dir.resolve("fg.txt");
      Process fg = cli.spawn(out, "start", "--no-daemon", "app.sh", "--kill-timeout", "60s");
      try {
        await().atMost(WAIT).until(() -> Files.exists(out) && Files.readString(out).contains("app#0 | run 3 online")
            && Files.exists(cli.work.resolve("gc-1")) && Files.exists(cli.work.resolve("gc-2")));
        for (String gc : List.of("gc-1", "gc-2")) {
          String[] pidAndParent = Files.readString(cli.work.resolve(gc)).trim().split(" ");
          assertThat(Long.parseLong(pidAndParent[1])).as("%s's parent once orphaned", gc).isEqualTo(fg.pid());
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(zombieChildren(fg.pid())).isEmpty());
        JsonNode app = JSON.readTree(cli.ok("jlist")).get(0);
        assertThat(app.path("status").asText()).isEqualTo("online");
        assertThat(app.path("restarts").asInt()).isEqualTo(2);
        assertThat(app.path("lastExitCode").asInt()).as("the crash's own exit code").isEqualTo(3);
        assertThat(Files.readString(out).split("app #0 exited with code 3", -1)).hasSize(3);
        fg.toHandle().destroy();
        assertThat(fg.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        fg.destroyForcibly();
      }
    }
  }

  /** Pids of the zombies whose parent is {@code parent}. */
  private static List<Long> zombieChildren(long parent) throws Exception {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          return f[0].equals("Z") && f[1].equals(Long.toString(parent));
        } catch (Exception e) {
          return false; // gone while we looked
        }
      }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
    }
  }
}
