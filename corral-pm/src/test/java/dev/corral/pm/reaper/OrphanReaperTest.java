package dev.corral.pm.reaper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which children {@link OrphanReaper} waits for, read from a /proc laid out in a temporary folder. */
class OrphanReaperTest {
  private static final long SELF = 100;

  @TempDir Path proc;

  @Test
  void aZombieChildThatWasNotStartedHereIsReaped() throws IOException {
    children("7 8");
    process(7, "Z", SELF);
    process(8, "S", SELF);
    assertThat(OrphanReaper.orphanZombies(proc, SELF, Set.of())).containsExactly(7L);
  }

  @Test
  void aZombieChildStartedHereIsLeftToTheJdk() throws IOException {
    children("7 9");
    process(7, "Z", SELF);
    process(9, "Z", SELF);
    assertThat(OrphanReaper.orphanZombies(proc, SELF, Set.of(9L))).containsExactly(7L);
  }

  @Test
  void aListedPidNowOwnedByAnotherParentIsLeftAlone() throws IOException {
    children("7");
    process(7, "Z", 55); // re-used since the listing
    assertThat(OrphanReaper.orphanZombies(proc, SELF, Set.of())).isEmpty();
  }

  @Test
  void withoutChildrenFilesEveryProcessParentIsRead() throws IOException {
    Files.createDirectories(proc.resolve(SELF + "/task/" + SELF));
    process(7, "Z", SELF);
    process(8, "Z", 1);
    process(9, "R", SELF);
    assertThat(OrphanReaper.orphanZombies(proc, SELF, Set.of())).containsExactly(7L);
  }

  private void children(String pids) throws IOException {
    Path task = Files.createDirectories(proc.resolve(SELF + "/task/" + SELF));
    Files.writeString(task.resolve("children"), pids + " ");
  }

  private void process(long pid, String state, long ppid) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(dir.resolve("stat"), pid + " (a (b) c) " + state + " " + ppid + " " + pid + " 0 0\n");
  }
}
