package dev.corral.cli.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.corral.cli.CorralMain;
import dev.corral.gate.GateOptions;
import dev.corral.gate.GateServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code corral gate upstream list|add|remove|weight|drain|undrain|down|up} against a real gate. */
class GateUpstreamCommandTest {
  @TempDir Path prefix;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private HttpServer backend;
  private GateServer gate;
  private String address;
  private Path socket;

  @BeforeEach
  void start() throws Exception {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    backend.createContext("/", e -> {
      e.sendResponseHeaders(200, -1);
      e.close();
    });
    backend.start();
    address = "127.0.0.1:" + backend.getAddress().getPort();
    socket = prefix.resolve("admin.sock");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.createDirectories(prefix.resolve("conf"));
    Files.writeString(prefix.resolve("conf/gate.conf"), """
        admin_listen unix:admin.sock;
        http { access_log off; upstream app { zone app 64k; least_request; }
          server { listen 127.0.0.1:%d; location / { proxy_pass http://app; } } }
        """.formatted(port));
    gate = GateServer.start(new GateOptions(prefix, GateOptions.DEFAULT_CONFIG, "", Optional.of("logs/error.log")),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    gate.stop();
    backend.stop(0);
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = CorralMain.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private String[] lines() {
    return out.toString().split("\n");
  }

  @Test
  void listShowsATableOfEveryServer() {
    assertThat(run("gate", "upstream", "add", "--socket", socket.toString(), "app", address, "--weight", "2"))
        .isZero();
    assertThat(out.toString()).startsWith("added " + address + " to app (id 0, weight 2)");
    assertThat(run("gate", "upstream", "list", "--socket", socket.toString())).isZero();
    assertThat(lines()[0].split("\\s+")).containsExactly("upstream", "id", "server", "state", "active", "fails",
        "weight");
    assertThat(lines()[1].split("\\s+")).containsExactly("app", "0", address, "up", "0", "0", "2");
  }

  @Test
  void theGateIsFoundThroughTheAdminListenOfItsConfiguration() {
    assertThat(run("gate", "upstream", "list", "-p", prefix.toString())).isZero();
    assertThat(lines()[1].split("\\s+")).containsExactly("app", "-", "(no", "servers)", "-", "-", "-", "-");
  }

  @Test
  void everyChangeShowsInTheList() {
    String s = socket.toString();
    assertThat(run("gate", "upstream", "add", "--socket", s, "app", address)).isZero();
    assertThat(run("gate", "upstream", "weight", "--socket", s, "app", address, "5")).isZero();
    assertThat(run("gate", "upstream", "drain", "--socket", s, "app", address)).isZero();
    assertThat(run("gate", "upstream", "list", "--socket", s, "app")).isZero();
    assertThat(lines()[1].split("\\s+")).containsExactly("app", "0", address, "draining", "0", "0", "5");
    assertThat(run("gate", "upstream", "undrain", "--socket", s, "app", address)).isZero();
    assertThat(run("gate", "upstream", "down", "--socket", s, "app", "0")).isZero();
    assertThat(run("gate", "upstream", "list", "--socket", s)).isZero();
    assertThat(lines()[1]).contains(" down ");
    assertThat(run("gate", "upstream", "up", "--socket", s, "app", address)).isZero();
    assertThat(run("gate", "upstream", "remove", "--socket", s, "app", address)).isZero();
    assertThat(out.toString()).startsWith("removed " + address + " from app");
    assertThat(run("gate", "upstream", "list", "--socket", s)).isZero();
    assertThat(out.toString()).contains("(no servers)");
  }

  @Test
  void errorsAreOneLineAndExitOne() {
    String s = socket.toString();
    assertThat(run("gate", "upstream", "drain", "--socket", s, "nope", address)).isEqualTo(1);
    assertThat(err.toString()).startsWith("corral: upstream \"nope\" not found").doesNotContain("\tat ");
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(run("gate", "upstream", "remove", "--socket", s, "app", address)).isEqualTo(1);
    assertThat(err.toString()).contains("server " + address + " not found in upstream \"app\"");
    assertThat(run("gate", "upstream", "add", "--socket", s, "app", "nonsense")).isEqualTo(1);
    assertThat(err.toString()).contains("server: \"nonsense\"");
    Path missing = prefix.resolve("missing.sock");
    assertThat(run("gate", "upstream", "list", "--socket", missing.toString())).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("corral: gate admin socket " + missing + " does not exist (is the "
        + "gate running with admin_listen unix:" + missing + ";?)");
  }

  @Test
  void aConfigurationWithoutAdminListenIsOneLine() throws Exception {
    Files.writeString(prefix.resolve("conf/other.conf"), "http { }");
    assertThat(run("gate", "upstream", "list", "-p", prefix.toString(), "-c", "conf/other.conf")).isEqualTo(1);
    assertThat(err.toString()).contains("has no admin_listen").contains("--socket PATH");
  }

  @Test
  void withoutASubcommandItSaysWhichOnesThereAre() {
    assertThat(run("gate", "upstream")).isNotZero();
    assertThat(err.toString()).contains("list").contains("drain").contains("undrain");
  }
}
