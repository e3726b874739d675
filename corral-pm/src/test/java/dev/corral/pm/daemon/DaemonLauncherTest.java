package dev.corral.pm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonLauncherTest {
  @TempDir Path dir;

  @Test
  void daemonRunsFromAPrivateCopyOfTheJarSoRebuildingItCannotBreakTheDaemon() throws Exception {
    CorralHome home = new CorralHome(dir.resolve("h")).prepare();
    Path jar = Files.writeString(dir.resolve("corral.jar"), "v1");
    Path first = DaemonLauncher.privateCopy(home, jar);
    assertThat(first).isNotEqualTo(jar).hasContent("v1");
    assertThat(DaemonLauncher.privateCopy(home, jar)).isEqualTo(first);

    Files.writeString(jar, "v2!");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
    Path second = DaemonLauncher.privateCopy(home, jar);
    assertThat(second).isNotEqualTo(first).hasContent("v2!");
    assertThat(first).doesNotExist();
  }

  @Test
  void bigDaemonLogIsRotatedWhenADaemonStarts() throws Exception {
    CorralHome home = new CorralHome(dir.resolve("h")).prepare();
    Files.write(home.daemonLog(), new byte[(int) DaemonLauncher.DAEMON_LOG_MAX_BYTES + 1]);
    DaemonLauncher.rotateLog(home);
    assertThat(home.daemonLog()).doesNotExist();
    assertThat(home.dir().resolve("daemon.log.1")).exists();
  }
}
