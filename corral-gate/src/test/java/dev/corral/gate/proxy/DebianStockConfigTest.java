package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.GateControl;
import dev.corral.gate.GateOptions;
import dev.corral.gate.config.GateConfig;
import dev.corral.gate.config.GateConfigLoader;
import dev.corral.gate.log.AccessLogWriter;
import dev.corral.gate.log.ErrorLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's stock {@code /etc/nginx/nginx.conf} (copied verbatim into {@code src/test/resources/debian}, with the
 * {@code mime.types} it includes) runs under the gate once its {@code include /etc/nginx/sites-enabled/*;} line is
 * replaced by an upstream and a server. Only the absolute paths are moved into a temporary directory (the conf
 * directory, {@code /var/log/nginx}, {@code /run/nginx.pid}), so the test neither reads this machine's
 * {@code /etc/nginx} nor writes its logs. Nothing else is changed: its {@code gzip on;} compresses as nginx's.
 */
class DebianStockConfigTest {
  @TempDir Path dir;
  private TestBackend backend;
  private GateEngine engine;

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DebianStockConfigTest.class.getResourceAsStream("/debian/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The stock file with its sites replaced by {@code sites} and its absolute paths moved under {@link #dir}. */
  private Path install(String sites) throws IOException {
    String stock = resource("nginx.conf");
    assertThat(stock).contains("include /etc/nginx/sites-enabled/*;").contains("gzip on;");
    String text = stock.replace("include /etc/nginx/sites-enabled/*;", sites);
    text = text.replace("/etc/nginx/", dir.resolve("etc") + "/").replace("/var/log/nginx/", dir.resolve("log") + "/")
        .replace("/run/nginx.pid", dir.resolve("run/nginx.pid").toString());
    Files.createDirectories(dir.resolve("etc/modules-enabled"));
    Files.createDirectories(dir.resolve("etc/conf.d"));
    Files.writeString(dir.resolve("etc/mime.types"), resource("mime.types"));
    Path conf = dir.resolve("etc/nginx.conf");
    Files.writeString(conf, text);
    return conf;
  }

  private static String sites(int port, String backend) {
    return """
        upstream app { server %s; }
        	server {
        		listen 127.0.0.1:%d default_server;
        		location / { proxy_pass http://app; }
        		location = /health { return 200 "ok"; }
        		location = /page.html { return 200 "<p>hi</p>"; }
        	}""".formatted(backend, port);
  }

  private int test(Path conf, StringWriter err) {
    GateOptions options = new GateOptions(dir, conf, "", Optional.empty());
    return GateControl.test(options, false, new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  @Test
  void stockFilePassesTestAndServes() throws Exception {
    backend = new TestBackend("app");
    int port = GateHarness.freePort();
    Path conf = install(sites(port, backend.address()));
    StringWriter err = new StringWriter();
    assertThat(test(conf, err)).as(err.toString()).isEqualTo(GateControl.OK);

    GateConfig config = new GateConfigLoader(dir).load(conf, "");
    ErrorLog log = ErrorLog.toStream(new PrintStream(System.err, true, StandardCharsets.UTF_8), "error");
    AccessLogWriter access = new AccessLogWriter(log);
    access.configure(config.accessLogs());
    engine = GateEngine.start(config, Transport.best(), log, access);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    HttpResponse<String> proxied = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + port + "/x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(proxied.statusCode()).isEqualTo(200);
    assertThat(proxied.body()).isEqualTo("app");
    HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.headers().firstValue("Content-Type")).as("default_type application/octet-stream")
        .contains("application/octet-stream");
    HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + port + "/page.html")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.headers().firstValue("Content-Type")).as("mime.types: html").contains("text/html");
    engine.reopenLogs();
    assertThat(Files.readString(dir.resolve("log/access.log"))).contains("\"GET /x HTTP/1.1\" 200 3")
        .contains("\"GET /health HTTP/1.1\" 200 2");
  }
}
