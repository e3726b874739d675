package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StartupCommandTest {
  @TempDir Path dir;

  private String run(Object command, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out));
    int code = cl.execute(args);
    assertThat(code).isZero();
    return out.toString();
  }

  @Test
  void startupWritesAForkingUnitThatResurrectsAndKills() throws Exception {
    String jar = System.getProperty("java.class.path");
    System.setProperty("java.class.path", dir.resolve("corral.jar").toString());
    try {
      String out = run(new StartupCommand(), "--unit-dir", dir.toString());
      String unit = Files.readString(dir.resolve("corral.service"));
      assertThat(unit).contains("Type=forking").contains("PIDFile=").contains("corral.jar resurrect")
          .contains("corral.jar kill").contains("WantedBy=default.target");
      assertThat(out).contains("systemctl --user enable corral.service");
      assertThat(run(new UnstartupCommand(), "--unit-dir", dir.toString())).contains("removed");
      assertThat(dir.resolve("corral.service")).doesNotExist();
    } finally {
      System.setProperty("java.class.path", jar);
    }
  }
}
