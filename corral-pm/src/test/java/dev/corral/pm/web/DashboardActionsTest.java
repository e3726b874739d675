package dev.corral.pm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.pm.process.InstanceView;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's buttons through {@code POST /api/action}, acting on a real supervisor. */
class DashboardActionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void scaleReloadAndStopDoWhatTheCommandsDo() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      f.start(f.shell("web", "exec sleep 600").build());
      await().atMost(Duration.ofSeconds(20)).until(() -> f.instance("web").status().equals("online"));

      JsonNode scaled = act(f, "{\"action\":\"scale\",\"target\":\"web\",\"count\":3}");
      assertThat(scaled.path("ok").asBoolean()).isTrue();
      assertThat(f.list()).hasSize(3);
      await().atMost(Duration.ofSeconds(20)).until(() -> f.list().stream().allMatch(v -> v.status().equals("online")));

      long before = f.list().get(0).pid();
      assertThat(act(f, "{\"action\":\"reload\",\"target\":\"web\"}").path("ok").asBoolean()).isTrue();
      assertThat(f.list().get(0).pid()).isNotEqualTo(before);

      JsonNode stopped = act(f, "{\"action\":\"stop\",\"target\":\"web\"}");
      assertThat(stopped.path("instances").findValuesAsText("status")).containsOnly("stopped");
      assertThat(f.list()).extracting(InstanceView::status).containsOnly("stopped");
    }
  }

  @Test
  void aBadScaleOrUnknownActionIsRefusedInOneLine() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      f.start(f.shell("web", "exec sleep 600").build());
      assertThat(act(f, "{\"action\":\"scale\",\"target\":\"web\",\"count\":\"many\"}").path("error").asText())
          .isEqualTo("count: \"many\" (expected: a number of instances, 1 to 1024)");
      assertThat(act(f, "{\"action\":\"scale\",\"target\":\"web\",\"count\":0}").path("error").asText())
          .startsWith("scale web: 0 instances (expected: 1..1024");
      assertThat(act(f, "{\"action\":\"delete\",\"target\":\"web\"}").path("error").asText())
          .isEqualTo("action: 'delete' (expected: restart, reload, stop or scale)");
      assertThat(f.list()).hasSize(1);
    }
  }

  private static JsonNode act(WebFixture f, String body) throws Exception {
    String csrf = JSON.readTree(RawHttp.get(f.port(), "/api/session").body()).path("csrf").asText();
    return JSON.readTree(RawHttp.post(f.port(), "/api/action", body, "X-Corral-CSRF: " + csrf,
        "Origin: http://127.0.0.1:" + f.port(), "Content-Type: application/json").body());
  }
}
