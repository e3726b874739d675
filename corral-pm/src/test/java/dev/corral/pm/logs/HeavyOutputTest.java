package dev.corral.pm.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child writing fast through a named pipe into a small rotating log: every line arrives once, whole. */
class HeavyOutputTest {
  @TempDir Path dir;

  @Test
  void fastWriterThroughANamedPipeLosesNoLineAcrossManyRotations() throws Exception {
    int lines = 100_000;
    Path live = dir.resolve("out.log");
    Fifo fifo = Fifo.create(List.of(dir.resolve("p.out"))).get(0);
    CountDownLatch done = new CountDownLatch(1);
    Process child = null;
    try (RotatingLogFile file = new RotatingLogFile(live, 256 * 1024, 1000)) {
      Thread pump = new Thread(new LinePump(fifo.openReader(), file, Clock.systemUTC(), java.util.Optional.empty(),
          done::countDown));
      pump.start();
      child = new ProcessBuilder("seq", "-f", "line %08g padding-padding-padding-padding", "1", Integer.toString(lines))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(fifo.path().toFile())).start();
      fifo.releaseKeeper();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      if (child != null) {
        child.destroyForcibly();
      }
      fifo.delete();
    }
    List<String> all = new ArrayList<>();
    for (int n = 1000; n >= 1; n--) {
      Path p = RotatingLogFile.rotated(live, n);
      if (Files.exists(p)) {
        all.addAll(Files.readAllLines(p));
      }
    }
    all.addAll(Files.readAllLines(live));
    assertThat(all).hasSize(lines);
    for (int i = 0; i < lines; i++) {
      if (!all.get(i).equals(String.format("line %08d padding-padding-padding-padding", i + 1))) {
        throw new AssertionError("line " + (i + 1) + " is '" + all.get(i) + "'");
      }
    }
    assertThat(Files.exists(RotatingLogFile.rotated(live, 10))).isTrue();
  }
}
