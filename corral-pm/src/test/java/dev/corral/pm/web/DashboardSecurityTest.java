package dev.corral.pm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's access rules over real sockets: token off loopback, Host, CSRF and same origin, masking. */
class DashboardSecurityTest {
  private static final String TOKEN = "test-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void anAddressOffLoopbackIsRefusedWithoutAToken() {
    assertThatThrownBy(() -> new DashboardSettings("0.0.0.0", 9615, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host: 0.0.0.0 is not loopback (expected: --token too, so that nobody else on the network can"
            + " use the dashboard)");
    assertThatThrownBy(() -> new DashboardSettings("0.0.0.0", 9615, Optional.of("short")))
        .hasMessageStartingWith("token: 5 characters (expected: at least 16");
  }

  @Test
  void withATokenEveryRequestNeedsIt() throws Exception {
    try (WebFixture f = new WebFixture(dir, new DashboardSettings("0.0.0.0", 0, Optional.of(TOKEN)))) {
      int port = f.port();
      assertThat(RawHttp.get(port, "/").status()).isEqualTo(401);
      assertThat(RawHttp.get(port, "/api/state").status()).isEqualTo(401);
      assertThat(RawHttp.get(port, "/metrics").status()).isEqualTo(401);
      assertThat(RawHttp.get(port, "/static/dashboard.js").status()).isEqualTo(401);
      assertThat(RawHttp.get(port, "/api/state", "Authorization: Bearer " + TOKEN + "x").status()).isEqualTo(401);
      assertThat(RawHttp.get(port, "/api/state", "Cookie: corral_dashboard=wrong-token-000000000").status())
          .isEqualTo(401);

      assertThat(RawHttp.get(port, "/metrics", "Authorization: Bearer " + TOKEN).status()).isEqualTo(200);
      RawHttp.Answer first = RawHttp.get(port, "/?token=" + TOKEN);
      assertThat(first.status()).isEqualTo(303);
      assertThat(first.header("Location")).isEqualTo("/");
      assertThat(first.header("Set-Cookie")).isEqualTo("corral_dashboard=" + TOKEN
          + "; Path=/; HttpOnly; SameSite=Strict");
      assertThat(RawHttp.get(port, "/", "Cookie: corral_dashboard=" + TOKEN).status()).isEqualTo(200);
      assertThat(f.dashboard.url()).endsWith(":" + port + "/?token=" + TOKEN);
    }
  }

  @Test
  void withoutATokenOnlyLoopbackHostNamesAreAnswered() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      int port = f.port();
      assertThat(RawHttp.get(port, "/api/state").status()).isEqualTo(200);
      assertThat(RawHttp.get(port, "/api/state", "Host: localhost:" + port).status()).isEqualTo(200);
      RawHttp.Answer rebound = RawHttp.get(port, "/api/state", "Host: attacker.example:" + port);
      assertThat(rebound.status()).isEqualTo(403);
      assertThat(rebound.body()).startsWith("Host: attacker.example (expected: a loopback address or localhost");
    }
  }

  @Test
  void aStateChangeNeedsTheCsrfTokenAndTheSameOrigin() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      f.start(f.shell("web", "exec sleep 600").build());
      await().atMost(Duration.ofSeconds(20)).until(() -> f.instance("web").status().equals("online"));
      int port = f.port();
      String csrf = JSON.readTree(RawHttp.get(port, "/api/session").body()).path("csrf").asText();
      String restart = "{\"action\":\"restart\",\"target\":\"web\"}";
      String origin = "Origin: http://127.0.0.1:" + port;

      assertThat(RawHttp.post(port, "/api/action", restart, origin).status()).isEqualTo(403);
      assertThat(RawHttp.post(port, "/api/action", restart, origin, "X-Corral-CSRF: " + csrf + "0").status())
          .isEqualTo(403);
      assertThat(RawHttp.post(port, "/api/action", restart, "Origin: http://attacker.example",
          "X-Corral-CSRF: " + csrf).status()).isEqualTo(403);
      assertThat(RawHttp.post(port, "/api/action", restart, origin, "Sec-Fetch-Site: cross-site",
          "X-Corral-CSRF: " + csrf).status()).isEqualTo(403);
      assertThat(RawHttp.get(port, "/api/action").status()).isEqualTo(405);
      assertThat(f.instance("web").restarts()).isZero();

      RawHttp.Answer ok = RawHttp.post(port, "/api/action", restart, origin, "Sec-Fetch-Site: same-origin",
          "X-Corral-CSRF: " + csrf, "Content-Type: application/json");
      assertThat(ok.status()).isEqualTo(200);
      assertThat(JSON.readTree(ok.body()).path("ok").asBoolean()).isTrue();
      assertThat(f.instance("web").restarts()).isEqualTo(1);
    }
  }

  @Test
  void aRefusedActionIsOneLine() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      int port = f.port();
      String csrf = JSON.readTree(RawHttp.get(port, "/api/session").body()).path("csrf").asText();
      RawHttp.Answer answer = RawHttp.post(port, "/api/action", "{\"action\":\"restart\",\"target\":\"nope\"}",
          "X-Corral-CSRF: " + csrf);
      assertThat(answer.status()).isEqualTo(400);
      assertThat(JSON.readTree(answer.body()).path("error").asText())
          .isEqualTo("no app or namespace named 'nope' (see corral list)");
      assertThat(RawHttp.post(port, "/api/action", "{not json", "X-Corral-CSRF: " + csrf).status())
          .isEqualTo(400);
    }
  }

  @Test
  void theEnvironmentIsShownForOneAppOnlyWithSecretsMasked() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      f.start(f.shell("api", "exec sleep 600").env(Map.of("DB_PASSWORD", "hunter2", "STRIPE_API_KEY", "sk_live_42",
          "GITHUB_TOKEN", "ghp_x", "AWS_SECRET_ACCESS_KEY", "aws-s3cr3t", "GCP_CREDENTIALS", "{json}",
          "LOG_LEVEL", "debug")).build());
      int port = f.port();
      await().atMost(Duration.ofSeconds(10)).until(() -> RawHttp.get(port, "/api/state").body().contains("\"api\""));

      String state = RawHttp.get(port, "/api/state").body();
      assertThat(state).doesNotContain("hunter2", "DB_PASSWORD", "LOG_LEVEL", "debug");
      assertThat(RawHttp.get(port, "/metrics").body()).doesNotContain("hunter2", "DB_PASSWORD");

      var env = JSON.readTree(RawHttp.get(port, "/api/env?app=api").body()).path("env");
      assertThat(env.path("LOG_LEVEL").asText()).isEqualTo("debug");
      for (String secret : new String[] {"DB_PASSWORD", "STRIPE_API_KEY", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY",
          "GCP_CREDENTIALS"}) {
        assertThat(env.path(secret).asText()).as(secret).isEqualTo(Secrets.MASK);
      }
      assertThat(RawHttp.get(port, "/api/env").status()).isEqualTo(404);
    }
  }

  @Test
  void everyAnswerForbidsInlineScriptsAndFraming() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      RawHttp.Answer page = RawHttp.get(f.port(), "/");
      assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(page.body()).contains("<script src=\"/static/dashboard.js\" defer></script>");
    }
  }
}
