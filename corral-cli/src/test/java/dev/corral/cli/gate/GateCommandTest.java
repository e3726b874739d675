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
  void capitalTPrintsTheConfigurationFile() throws Exception {
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
  void capitalTPrintsEveryFileReadVerbatimAsNginxDoes() throws Exception {
    Files.createDirectories(prefix.resolve("conf/conf.d"));
    Files.writeString(prefix.resolve("conf/conf.d/b.conf"), "server { listen 8082; location / { return 200 b; } }\n");
    Files.writeString(prefix.resolve("conf/conf.d/a.conf"), "server { listen 8081; location / { return 200 a; } }\n");
    config("http {\n    include conf.d/*.conf;\n}\n");
    assertThat(run("gate", "-p", prefix.toString(), "-T")).isZero();
    Path conf = prefix.toAbsolutePath().resolve("conf");
    assertThat(out.toString()).isEqualTo("# configuration file " + conf.resolve("gate.conf") + ":\n"
        + "http {\n    include conf.d/*.conf;\n}\n\n"
        + "# configuration file " + conf.resolve("conf.d/a.conf") + ":\n"
        + "server { listen 8081; location / { return 200 a; } }\n\n"
        + "# configuration file " + conf.resolve("conf.d/b.conf") + ":\n"
        + "server { listen 8082; location / { return 200 b; } }\n\n");
  }

  @Test
  void dashCIsRelativeToThePrefix() throws Exception {
    Files.createDirectories(prefix.resolve("other"));
    Files.writeString(prefix.resolve("other/x.conf"), "http { bad_one; }\n");
    assertThat(run("gate", "-p", prefix.toString(), "-c", "other/x.conf", "-t")).isEqualTo(1);
    assertThat(err.toString()).contains(prefix.toAbsolutePath().resolve("other/x.conf") + ":1");
  }

  @Test
  void dashGAddsMainDirectivesAndADuplicateIsRefusedAsInNginx() throws Exception {
    config("pid logs/a.pid;\nhttp { server { listen 8080; location / { return 200 ok; } } }\n");
    assertThat(run("gate", "-p", prefix.toString(), "-g", "worker_processes 2;", "-t")).isZero();
    assertThat(run("gate", "-p", prefix.toString(), "-g", "pid logs/b.pid;", "-t")).isEqualTo(1);
    assertThat(err.toString()).contains("[emerg] \"pid\" directive is duplicate in command line:1");
  }

  @Test
  void dashGWithAnHttpLevelDirectiveIsNotAllowedInTheMainContext() throws Exception {
    config("http { server { listen 8080; location / { return 200 ok; } } }\n");
    assertThat(run("gate", "-p", prefix.toString(), "-g", "keepalive_timeout 5s;", "-t")).isEqualTo(1);
    assertThat(err.toString()).contains("\"keepalive_timeout\" directive is not allowed here in command line:1");
  }

  @Test
  void capitalVAlsoPrintsTheRuntimeAndTransport() {
    assertThat(run("gate", "-V")).isZero();
    assertThat(err.toString()).startsWith("corral gate version: corral/").contains("running on Java ")
        .contains("Netty 4.").contains("transport: ");
  }

  @Test
  void dashVPrintsTheVersion() {
    assertThat(run("gate", "-v")).isZero();
    assertThat(err.toString()).startsWith("corral gate version: corral/");
  }
}
