package dev.corral.pm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.pm.process.AppSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcosystemFileTest {
  @TempDir Path dir;
  private final CommandResolver resolver = new CommandResolver("/opt/jdk/bin/java");

  @BeforeEach
  void files() throws Exception {
    Files.writeString(dir.resolve("api.jar"), "not really a jar");
    Files.writeString(dir.resolve("worker.sh"), "echo hi");
  }

  private List<AppSpec> read(String yaml, String profile) throws Exception {
    Path file = dir.resolve("corral.yaml");
    Files.writeString(file, yaml);
    return EcosystemFile.read(file, resolver, Map.of("HOME", "/root"), profile).select(null);
  }

  @Test
  void readsPm2FieldsIntoSpecs() throws Exception {
    List<AppSpec> apps = read("""
        apps:
          - name: api
            jar: api.jar
            jvm_args: -Xmx256m
            args: ["--port", "8080"]
            instances: 2
            max_memory_restart: 300M
            kill_timeout: 5s
            env: {PORT: 8080}
            env_production: {MODE: prod}
          - script: worker.sh
            autorestart: false
            stop_exit_codes: [0, 2]
        """, "production");
    AppSpec api = apps.get(0);
    assertThat(api.command()).containsExactly("/opt/jdk/bin/java", "-Xmx256m", "-jar",
        dir.resolve("api.jar").toString(), "--port", "8080");
    assertThat(api.instances()).isEqualTo(2);
    assertThat(api.maxMemoryBytes()).isEqualTo(300L * 1024 * 1024);
    assertThat(api.killTimeoutMs()).isEqualTo(5000);
    assertThat(api.env()).containsEntry("PORT", "8080").containsEntry("MODE", "prod").containsEntry("HOME", "/root");
    AppSpec worker = apps.get(1);
    assertThat(worker.name()).isEqualTo("worker");
    assertThat(worker.command()).containsExactly("bash", dir.resolve("worker.sh").toString());
    assertThat(worker.autorestart()).isFalse();
    assertThat(worker.stopExitCodes()).containsExactly(0, 2);
  }

  @Test
  void readinessAndHealthFieldsAreRead() throws Exception {
    AppSpec app = read("""
        apps:
          - script: worker.sh
            wait_ready: true
            listen_timeout: 10s
            ready_port: 8080
            health: {url: "http://127.0.0.1:8080/health", interval: 2s, failures: 4}
        """, null).get(0);
    assertThat(app.waitReady()).isTrue();
    assertThat(app.listenTimeoutMs()).isEqualTo(10_000);
    assertThat(app.readyPort()).isEqualTo(8080);
    assertThat(app.healthUrl()).isEqualTo("http://127.0.0.1:8080/health");
    assertThat(app.healthIntervalMs()).isEqualTo(2000);
    assertThat(app.healthFailures()).isEqualTo(4);
  }

  @Test
  void jsonIsAcceptedToo() throws Exception {
    Path file = dir.resolve("corral.json");
    Files.writeString(file, "{\"apps\": [{\"name\": \"w\", \"script\": \"worker.sh\", \"instances\": \"max\"}]}");
    List<AppSpec> apps = EcosystemFile.read(file, resolver, Map.of(), null).select(null);
    assertThat(apps.get(0).instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void badValueNamesFileLineAndField() {
    assertThatThrownBy(() -> read("""
        apps:
          - name: api
            script: worker.sh
            max_restarts: -3
        """, null)).hasMessage("corral.yaml:4: apps[0].max_restarts: -3 (expected: >= 0)");
  }

  @Test
  void unknownFieldIsRefusedWithItsLine() {
    assertThatThrownBy(() -> read("""
        apps:
          - name: api
            script: worker.sh
            restart_dealy: 100
        """, null)).hasMessageStartingWith("corral.yaml:4: apps[0].restart_dealy: unknown field");
  }

  @Test
  void pm2FieldNotImplementedYetIsRefusedByName() {
    assertThatThrownBy(() -> read("""
        apps:
          - script: worker.sh
            log_file: all.log
        """, null)).hasMessage("corral.yaml:3: apps[0].log_file: not supported by corral yet");
  }

  @Test
  void logFieldsOfPm2AreRead() throws Exception {
    AppSpec app = read("""
        apps:
          - script: worker.sh
            instances: 2
            exec_mode: fork
            merge_logs: true
            log_date_format: YYYY-MM-DD HH:mm Z
        """, null).get(0);
    assertThat(app.mergeLogs()).isTrue();
    assertThat(app.logDateFormat()).isEqualTo("YYYY-MM-DD HH:mm Z");
    assertThat(read("apps:\n  - script: worker.sh\n    time: true\n    combine_logs: true\n", null).get(0))
        .extracting(AppSpec::logDateFormat, AppSpec::mergeLogs).containsExactly("YYYY-MM-DDTHH:mm:ss", true);
  }

  @Test
  void clusterModeTakesPm2sFieldsAndAPort() throws Exception {
    AppSpec app = read("apps:\n  - script: worker.sh\n    exec_mode: cluster_mode\n    port: 8080\n"
        + "    instances: 4\n    lb: round_robin\n    health_url: /health\n", null).get(0);
    assertThat(app.cluster()).isTrue();
    assertThat(app).extracting(AppSpec::port, AppSpec::instances, AppSpec::lb, AppSpec::healthUrl,
        AppSpec::listenTimeoutMs).containsExactly(8080, 4, "round_robin", "/health", AppSpec.CLUSTER_LISTEN_TIMEOUT_MS);
    assertThat(read("apps:\n  - script: worker.sh\n    port: 9000\n", null).get(0).execMode())
        .isEqualTo("cluster");
    assertThat(read("apps:\n  - script: worker.sh\n    exec_mode: fork\n", null).get(0).cluster()).isFalse();
  }

  @Test
  void badClusterSettingsAndDateFormatsAreRefusedWithTheirLine() {
    assertThatThrownBy(() -> read("apps:\n  - script: worker.sh\n    exec_mode: cluster\n", null))
        .hasMessage("corral.yaml:3: apps[0].exec_mode: cluster without a port (expected: a 'port' field, the port"
            + " the instances serve together)");
    assertThatThrownBy(() -> read("apps:\n  - script: worker.sh\n    exec_mode: swarm\n", null))
        .hasMessage("corral.yaml:3: apps[0].exec_mode: swarm (expected: fork or cluster)");
    assertThatThrownBy(() -> read("apps:\n  - script: worker.sh\n    port: 8080\n    lb: fastest\n", null))
        .hasMessage("corral.yaml:4: apps[0].lb: fastest (expected: least_request, round_robin or least_conn)");
    assertThatThrownBy(() -> read("apps:\n  - script: worker.sh\n    port: 70000\n", null))
        .hasMessage("corral.yaml:3: apps[0].port: 70000 (expected: 1..65535)");
    assertThatThrownBy(() -> read("apps:\n  - script: worker.sh\n    log_date_format: '[HH'\n", null))
        .hasMessage("corral.yaml:3: apps[0].log_date_format: [HH (expected: a ']' closing the '[' at 1)");
  }

  @Test
  void badCronExpressionNamesItsLineAndField() {
    assertThatThrownBy(() -> read("apps:\n  - script: worker.sh\n    cron_restart: '61 * * * *'\n", null))
        .hasMessage("corral.yaml:3: apps[0].cron_restart: minute 61 (expected: 0..59)");
  }

  @Test
  void watchTrueWatchesTheWorkingDirectory() throws Exception {
    AppSpec app = read("apps:\n  - script: worker.sh\n    watch: true\n    ignore_watch: [build, '*.tmp']\n", null)
        .get(0);
    assertThat(app.watch()).containsExactly(".");
    assertThat(app.ignoreWatch()).containsExactly("build", "*.tmp");
  }

  @Test
  void missingScriptFileIsReportedAtItsLine() {
    assertThatThrownBy(() -> read("""
        apps:
          - name: api
            jar: missing.jar
        """, null)).hasMessageStartingWith("corral.yaml:3: apps[0].jar: script not found: missing.jar");
  }

  @Test
  void brokenYamlIsReportedWithALine() {
    assertThatThrownBy(() -> read("apps:\n  - name: [unclosed\n", null)).hasMessageStartingWith("corral.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void unknownProfileIsAnError() {
    assertThatThrownBy(() -> read("apps:\n  - script: worker.sh\n", "staging"))
        .hasMessage("corral.yaml:1: --env staging: no app has an env_staging block");
  }
}
