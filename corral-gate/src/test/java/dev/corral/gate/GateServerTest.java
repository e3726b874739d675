package dev.corral.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gate.config.ConfigException;
import dev.corral.gate.log.ErrorLog;
import dev.corral.gate.proxy.GateStartException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateServerTest {
  @TempDir Path prefix;
  private GateServer server;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** The gate's port; tests that only validate a config never bind it. */
  private int port = 8080;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private GateOptions writeConfig(String text) throws Exception {
    Files.createDirectories(prefix.resolve("conf"));
    Files.writeString(prefix.resolve("conf/gate.conf"), text.replace("PORT", Integer.toString(port)));
    return new GateOptions(prefix, GateOptions.DEFAULT_CONFIG, "", Optional.of("logs/error.log"));
  }

  private String config(String body) {
    return "http { access_log logs/access.log; server { listen 127.0.0.1:PORT; " + body + " } }";
  }

  private String get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private GateServer start(String body) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GateOptions options = writeConfig(config(body));
    server = GateServer.start(options, new PrintStream(stderr, true, StandardCharsets.UTF_8));
    return server;
  }

  @Test
  void writesPidFileAndRemovesItOnStop() throws Exception {
    start("location / { return 200 one; }");
    assertThat(Files.readString(server.pidFile()).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    server.stop();
    assertThat(server.pidFile()).doesNotExist();
  }

  @Test
  void reloadSwitchesToTheNewConfiguration() throws Exception {
    start("location / { return 200 one; }");
    assertThat(get("/")).isEqualTo("one");
    writeConfig(config("location / { return 200 two; }"));
    assertThat(server.reload()).isTrue();
    assertThat(get("/")).isEqualTo("two");
  }

  @Test
  void invalidReloadKeepsTheOldConfigurationServingAndLogsWhy() throws Exception {
    start("location / { return 200 one; }");
    writeConfig(config("location / { return 200 two; } bogus;"));
    assertThat(server.reload()).isFalse();
    assertThat(get("/")).isEqualTo("one");
    assertThat(Files.readString(prefix.resolve("logs/error.log"))).contains("[emerg]").contains("unknown directive \"bogus\"")
        .contains("previous configuration keeps serving");
  }

  @Test
  void reloadCanMoveToANewPort() throws Exception {
    start("location / { return 200 one; }");
    int oldPort = port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    writeConfig(config("location / { return 200 moved; }"));
    assertThat(server.reload()).isTrue();
    assertThat(get("/")).isEqualTo("moved");
    assertThat(server.engine().boundAddresses()).doesNotContainKey("127.0.0.1:" + oldPort);
  }

  @Test
  void quitLetsTheInFlightRequestFinish() throws Exception {
    com.sun.net.httpserver.HttpServer slow = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 10);
    slow.createContext("/", ex -> {
      try {
        Thread.sleep(800);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "done".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    slow.start();
    try {
      start("location / { proxy_pass http://127.0.0.1:" + slow.getAddress().getPort() + "; }");
      CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      Thread.sleep(300);
      server.quit(Duration.ofSeconds(20));
      HttpResponse<String> response = inFlight.get();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("done");
    } finally {
      slow.stop(0);
    }
  }

  @Test
  void accessLogUsesCombinedFormatWithDashForEmpty() throws Exception {
    start("location / { return 200 one; }");
    get("/x?y=1");
    server.stop();
    String log = Files.readString(prefix.resolve("logs/access.log"));
    assertThat(log).matches("(?s)127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /x\\?y=1 HTTP/1\\.1\" 200 3 \"-\" \"[^\"]*\"\n");
  }

  @Test
  void bufferedAccessLogIsWrittenOnReopen() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = GateServer.start(writeConfig("http { access_log logs/access.log combined buffer=64k; "
        + "server { listen 127.0.0.1:PORT; location / { return 200 one; } } }"),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
    get("/buffered");
    Thread.sleep(1500); // longer than the default flush period: a buffer= log without flush= still waits
    Path log = prefix.resolve("logs/access.log");
    assertThat(Files.exists(log) ? Files.readString(log) : "").doesNotContain("/buffered");
    server.reopenLogs();
    assertThat(Files.readString(log)).contains("\"GET /buffered HTTP/1.1\" 200");
  }

  @Test
  void dashEIsTheErrorLogOnlyWhenTheConfigurationHasNone() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    writeConfig(config("location / { return 200 one; }"));
    GateOptions withE = new GateOptions(prefix, GateOptions.DEFAULT_CONFIG, "", Optional.of("logs/dash-e.log"));
    server = GateServer.start(withE, new PrintStream(stderr, true, StandardCharsets.UTF_8));
    assertThat(prefix.resolve("logs/dash-e.log")).exists();
    server.stop();
    writeConfig("error_log logs/configured.log;\n" + config("location / { return 200 one; }"));
    GateOptions other = new GateOptions(prefix, GateOptions.DEFAULT_CONFIG, "", Optional.of("logs/other-e.log"));
    server = GateServer.start(other, new PrintStream(stderr, true, StandardCharsets.UTF_8));
    assertThat(prefix.resolve("logs/configured.log")).exists();
    assertThat(prefix.resolve("logs/other-e.log")).doesNotExist();
  }

  @Test
  void reloadWithAnotherErrorLogSwitchesToIt() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = GateServer.start(writeConfig("error_log logs/one.log notice;\n" + config("location / { return 200 a; }")),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
    writeConfig("error_log logs/two.log notice;\n" + config("location / { return 200 b; }"));
    assertThat(server.reload()).isTrue();
    assertThat(Files.readString(prefix.resolve("logs/one.log"))).contains("reconfiguring");
    assertThat(Files.readString(prefix.resolve("logs/two.log"))).contains("reconfigured from");
  }

  @Test
  void logFormatVariablesAreFilledForAProxiedRequest() throws Exception {
    com.sun.net.httpserver.HttpServer app = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 10);
    app.createContext("/", ex -> {
      ex.sendResponseHeaders(201, -1);
      ex.close();
    });
    app.start();
    try {
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      int appPort = app.getAddress().getPort();
      server = GateServer.start(writeConfig("""
          http {
            log_format vars '$remote_addr|$host|$request_uri|$upstream_addr|$upstream_status|$status|$http_x_test|'
                            '$request_method|$request_time';
            access_log logs/vars.log vars;
            server { listen 127.0.0.1:PORT; server_name gate.test;
              location / { proxy_pass http://127.0.0.1:%d; } }
          }
          """.formatted(appPort)), new PrintStream(stderr, true, StandardCharsets.UTF_8));
      client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/a/b?c=d"))
          .header("X-Test", "hello").build(), HttpResponse.BodyHandlers.discarding());
      server.stop();
      assertThat(Files.readString(prefix.resolve("logs/vars.log"))).matches("127\\.0\\.0\\.1\\|127\\.0\\.0\\.1\\|"
          + "/a/b\\?c=d\\|127\\.0\\.0\\.1:" + appPort + "\\|201\\|201\\|hello\\|GET\\|\\d+\\.\\d{3}\n");
    } finally {
      app.stop(0);
    }
  }

  @Test
  void invalidConfigurationDoesNotStart() throws Exception {
    GateOptions options = writeConfig("http { server { listen 1; location / { nope; } } }");
    assertThatThrownBy(() -> GateServer.start(options, new PrintStream(stderr, true, StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown directive \"nope\"");
  }

  @Test
  void testModePrintsNginxMessagesAndExitCodes() throws Exception {
    GateOptions good = writeConfig(config("location / { return 200 x; }"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(GateControl.test(good, true, new PrintWriter(out), new PrintWriter(err))).isZero();
    assertThat(err.toString()).contains("syntax is ok").contains("test is successful");
    assertThat(out.toString()).contains("# configuration file").contains("return 200 x;");
    GateOptions bad = writeConfig("http { oops; }");
    StringWriter err2 = new StringWriter();
    assertThat(GateControl.test(bad, false, new PrintWriter(new StringWriter()), new PrintWriter(err2)))
        .isEqualTo(GateControl.FAILED);
    assertThat(err2.toString()).contains("[emerg] unknown directive \"oops\" in ").contains("test failed");
  }

  @Test
  void signalWithoutPidFileFailsClearly() throws Exception {
    GateOptions options = writeConfig(config("location / { return 200 x; }"));
    StringWriter err = new StringWriter();
    assertThat(GateControl.signal(options, "reload", new PrintWriter(err, true))).isEqualTo(GateControl.FAILED);
    assertThat(err.toString()).contains("gate.pid").contains("No such file");
  }

  @Test
  void unknownSignalIsRejected() throws Exception {
    GateOptions options = writeConfig(config("location / { return 200 x; }"));
    StringWriter err = new StringWriter();
    assertThat(GateControl.signal(options, "restart", new PrintWriter(err, true))).isEqualTo(GateControl.FAILED);
    assertThat(err.toString()).contains("expected: stop, quit, reload or reopen");
  }

  @Test
  void userDirectiveIsCheckedAsNginxWouldNotSwitchingUsers() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ErrorLog log = ErrorLog.toStream(
        new PrintStream(captured, true, StandardCharsets.UTF_8), "warn");
    GateServer.checkUser("alice", "alice", log);
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    GateServer.checkUser("www-data", "alice", log);
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("[warn]").contains("the \"user\" directive makes sense only if the master process runs with "
            + "super-user privileges, ignored");
    assertThatThrownBy(() -> GateServer.checkUser("www-data", "root", log))
        .isInstanceOf(GateStartException.class)
        .hasMessageContaining("start it as www-data");
  }
}
