package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code corral monit} end to end: in a pseudo terminal (util-linux {@code script}) and without one. */
class PmMonitTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String APP = "trap 'exit 0' INT\nif [ \"$CORRAL_INSTANCE\" = 1 ]; then w=zebra; else w=apple; fi\n"
      + "while true; do echo \"$w\"; sleep 0.2; done";

  @TempDir Path dir;

  @Test
  void inATerminalItShowsTheProcessesFollowsTheSelectedLogsAndQuitsOnQ() throws Exception {
    boolean haveScript = Files.isExecutable(Path.of("/usr/bin/script")) || Files.isExecutable(Path.of("/bin/script"));
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(haveScript, "util-linux 'script' is needed to give monit a pseudo terminal");
    }
    assertThat(haveScript).as("util-linux 'script' (needed under CI)").isTrue();
    try (Cli cli = new Cli(dir)) {
      cli.script("app.sh", APP);
      cli.ok("start", "app.sh", "--name", "web", "-i", "2");
      String command = Cli.argv("monit").stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
          .collect(Collectors.joining(" "));
      Path out = cli.work.resolve("monit.txt");
      ProcessBuilder pb = cli.builder(List.of("script", "-qfec", command, "/dev/null"))
          .redirectOutput(out.toFile()).redirectErrorStream(true);
      pb.environment().put("TERM", "xterm");
      Process monit = pb.start();
      try (OutputStream keys = monit.getOutputStream()) {
        await().atMost(WAIT).until(() -> read(out).contains("logs of 0|web") && read(out).contains("apple"));
        assertThat(read(out)).contains("online").doesNotContain("zebra");
        keys.write("\u001b[B".getBytes(StandardCharsets.US_ASCII)); // arrow down: instance 1
        keys.flush();
        await().atMost(WAIT).until(() -> read(out).contains("zebra"));
        keys.write('q');
        keys.flush();
        assertThat(monit.waitFor(30, TimeUnit.SECONDS)).as("monit quits on q").isTrue();
        assertThat(monit.exitValue()).isZero();
        assertThat(read(out)).doesNotContain("Exception").contains("\u001b[?1049l"); // left the alternate screen
      } finally {
        monit.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void withoutATerminalItSaysSoAndPrintsThePlainTablePeriodically() throws Exception {
    try (Cli cli = new Cli(dir)) {
      cli.script("app.sh", APP);
      cli.ok("start", "app.sh", "--name", "web");
      Path out = cli.work.resolve("monit.txt");
      Process monit = cli.spawn(out, "monit", "--interval", "200ms");
      try {
        await().atMost(WAIT).until(() -> read(out).lines().filter(l -> l.startsWith("── ")).count() >= 2);
        String text = read(out);
        assertThat(text).contains("corral monit: not a terminal; printing the process table every 200ms")
            .contains("web").contains("online").doesNotContain("WARNING");
      } finally {
        monit.destroyForcibly().waitFor();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
