package dev.corral.pm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics}: parsed by a strict exposition parser, with figures that match the supervisor's. */
class DashboardMetricsTest {
  @TempDir Path dir;

  @Test
  void theProcessManagersMetricsParseAsPrometheusTextAndMatchTheInstances() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      f.start(f.shell("worker", "exec sleep 600").instances(2).build());
      await().atMost(Duration.ofSeconds(20)).until(() -> f.list().stream().allMatch(v -> v.status().equals("online")
          && v.memoryBytes() > 0));
      f.supervisor.restart("0").get();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        Map<String, PrometheusText.Family> m = scrape(f);
        return value(m, "corral_pm_instance_restarts_total", "0") == 1.0
            && value(m, "corral_pm_instance_memory_bytes", "0") > 0
            && value(m, "corral_pm_instance_memory_bytes", "1") > 0;
      });

      RawHttp.Answer answer = RawHttp.get(f.port(), "/metrics");
      assertThat(answer.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      Map<String, PrometheusText.Family> m = PrometheusText.parse(answer.body(), false);
      assertThat(m.get("corral_pm_instance_restarts_total").type()).isEqualTo("counter");
      assertThat(m.get("corral_pm_instance_memory_bytes").type()).isEqualTo("gauge");
      assertThat(value(m, "corral_pm_instance_restarts_total", "1")).isEqualTo(0.0);
      assertThat(value(m, "corral_pm_instances", null)).isEqualTo(2.0);
      assertThat(m.get("corral_pm_instance_state").samples()).anySatisfy(s -> {
        assertThat(s.labels()).containsEntry("app", "worker").containsEntry("id", "1")
            .containsEntry("state", "online").containsEntry("mode", "fork");
        assertThat(s.value()).isEqualTo(1.0);
      });
      assertThat(m.get("corral_pm_instance_state").samples().stream()
          .filter(s -> s.labels().get("id").equals("1")).mapToDouble(PrometheusText.Sample::value).sum())
          .isEqualTo(1.0);
      assertThat(value(m, "corral_pm_instance_last_exit_code", "1")).isEqualTo(-1.0);
      assertThat(m).containsKeys("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
          "process_cpu_usage");
    }
  }

  @Test
  void openMetricsIsServedWhenAsked() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      f.start(f.shell("worker", "exec sleep 600").build());
      await().atMost(Duration.ofSeconds(20)).until(() -> scrape(f).containsKey("corral_pm_instance_cpu_percent"));
      RawHttp.Answer answer = RawHttp.get(f.port(), "/metrics",
          "Accept: application/openmetrics-text; version=1.0.0,text/plain;q=0.5");
      assertThat(answer.header("Content-Type")).startsWith("application/openmetrics-text; version=1.0.0");
      Map<String, PrometheusText.Family> m = PrometheusText.parse(answer.body(), true);
      assertThat(m.get("corral_pm_instance_restarts").type()).isEqualTo("counter");
      assertThat(m.get("corral_pm_instance_restarts").samples().get(0).name())
          .isEqualTo("corral_pm_instance_restarts_total");
    }
  }

  @Test
  void aDeletedAppLeavesNoSeries() throws Exception {
    try (WebFixture f = new WebFixture(dir)) {
      f.start(f.shell("gone", "exec sleep 600").build());
      await().atMost(Duration.ofSeconds(20)).until(() -> scrape(f).containsKey("corral_pm_instance_cpu_percent"));
      f.supervisor.delete("gone").get();
      await().atMost(Duration.ofSeconds(20)).until(() -> !RawHttp.get(f.port(), "/metrics").body()
          .contains("app=\"gone\""));
      assertThat(value(scrape(f), "corral_pm_instances", null)).isZero();
    }
  }

  private static Map<String, PrometheusText.Family> scrape(WebFixture f) throws Exception {
    return PrometheusText.parse(RawHttp.get(f.port(), "/metrics").body(), false);
  }

  private static double value(Map<String, PrometheusText.Family> m, String name, String id) {
    PrometheusText.Family family = m.get(name);
    if (family == null) {
      return Double.NaN;
    }
    return family.samples().stream().filter(s -> id == null || id.equals(s.labels().get("id")))
        .mapToDouble(PrometheusText.Sample::value).findFirst().orElse(Double.NaN);
  }
}
