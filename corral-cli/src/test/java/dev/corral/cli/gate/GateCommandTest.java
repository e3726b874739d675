package dev.corral.cli.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.cli.CorralMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code corral gate} with nginx's flags: the one-shot modes, run in-process with captured output. */
class GateCommandTest {
  @TempDir Path prefix;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = CorralMain.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private void config(String text) throws Exception {
    Files.createDirectories(prefix.resolve("conf"));
    Files.writeString(prefix.resolve("conf/gate.conf"), text);
  }

  @Test
  void dashTTestsTheDefaultConfigUnderThePrefix() throws Exception {
    config("http { server { listen 8080; location / { return 200 ok; } } }");
    assertThat(run("gate", "-p", prefix.toString(), "-t")).isZero();
    assertThat(err.toString()).contains("conf/gate.conf syntax is ok").contains("test is successful");
  }

  @Test
  void dashTFailsWithFileAndLine() throws Exception {
    config("http {\n  nonsense on;\n}\n");
    assertThat(run("gate", "-p", prefix.toString(), "-t")).isEqualTo(1);
    assertThat(err.toString()).contains("[emerg] unknown directive \"nonsense\" in ")
        .contains("gate.conf:2").contains("test failed");
  }

  @Test
  void capitalTPrintsTheConfiguration() throws Exception {
    config("http { server { listen 8080; location / { return 200 ok; } } }");
    assertThat(run("gate", "-p", prefix.toString(), "-T")).isZero();
    assertThat(out.toString()).contains("# configuration file").contains("return 200 ok;");
  }

  @Test
  void dashSWithoutARunningGateFailsClearly() throws Exception {
    config("http { server { listen 8080; location / { return 200 ok; } } }");
    assertThat(run("gate", "-p", prefix.toString(), "-s", "reload")).isEqualTo(1);
    assertThat(err.toString()).contains("gate.pid").contains("No such file or directory");
  }

  @Test
  void dashVPrintsTheVersion() {
    assertThat(run("gate", "-v")).isZero();
    assertThat(err.toString()).startsWith("corral gate version: corral/");
  }
}
