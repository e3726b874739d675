package dev.corral.pm.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.corral.pm.testing.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void crashLoopEndsInErroredAfterMaxRestarts() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("crasher", TestApps.bash("crash.sh", "3")).maxRestarts(2).minUptimeMs(60_000)
          .build()).get(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> f.status().equals("errored"));
      InstanceView v = f.only();
      assertThat(v.restarts()).isEqualTo(2);
      assertThat(v.lastExitCode()).isEqualTo(3);
      assertThat(Files.readString(Path.of(v.outLog())).lines().filter(l -> l.startsWith("crash run"))).hasSize(3);
      assertThat(Files.readString(Path.of(v.errLog()))).contains("[corral] errored");
    }
  }

  @Test
  void exitCodeInStopExitCodesStopsWithoutRestart() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("quitter", TestApps.bash("crash.sh", "7")).stopExitCodes(List.of(7)).build())
          .get(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> f.status().equals("stopped"));
      assertThat(f.only().restarts()).isZero();
    }
  }

  @Test
  void eachRunIsReportedAsTypedEventsWithTheCrashsExitCode() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("quitter", TestApps.bash("crash.sh", "7")).stopExitCodes(List.of(7)).build())
          .get(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> f.status().equals("stopped"));
      assertThat(f.typedEvents).filteredOn(e -> !(e instanceof SupervisorEvent.Notice)).first()
          .isInstanceOf(SupervisorEvent.Online.class);
      assertThat(f.typedEvents).contains(new SupervisorEvent.Exited("quitter", 0, 7));
      assertThat(f.events).contains("quitter #0 exited with code 7");
    }
  }

  @Test
  void crashedAppIsRestartedWithANewPid() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      InstanceView first = f.supervisor.start(f.app("polite", TestApps.bash("graceful.sh")).build())
          .get(10, TimeUnit.SECONDS).get(0);
      ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
      await().atMost(WAIT).until(() -> f.only().restarts() == 1 && f.status().equals("online"));
      assertThat(f.only().pid()).isNotEqualTo(first.pid());
    }
  }

  @Test
  void stopEscalatesToSigkillOnTheWholeTreeAfterKillTimeout() throws Exception {
    Path pidFile = dir.resolve("pids");
    long[] pids = {};
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("stubborn", TestApps.bash("stubborn.sh", pidFile.toString())).killTimeoutMs(300)
          .build()).get(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> Files.exists(pidFile));
      pids = TestApps.pids(pidFile);
      f.supervisor.stop("stubborn").get(30, TimeUnit.SECONDS);
      assertThat(f.status()).isEqualTo("stopped");
      assertThat(Arrays.stream(pids).filter(TestApps::alive)).isEmpty();
      assertThat(f.events).anyMatch(e -> e.contains("SIGKILL"));
    } finally {
      TestApps.killAll(pids);
    }
  }

  @Test
  void stopKillsChildrenThatOutliveTheirParentEvenInAnotherSession() throws Exception {
    Path pidFile = dir.resolve("pids");
    long[] pids = {};
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("spawner", TestApps.bash("spawner.sh", pidFile.toString())).killTimeoutMs(500)
          .build()).get(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> Files.exists(pidFile));
      pids = TestApps.pids(pidFile);
      // Let the sampler-free path learn the descendants: stop() snapshots them before signalling.
      f.supervisor.stop("all").get(30, TimeUnit.SECONDS);
      assertThat(Arrays.stream(pids).filter(TestApps::alive)).isEmpty();
    } finally {
      TestApps.killAll(pids);
    }
  }

  @Test
  void instancesGetTheirIndexAndIncrementedVariable() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      List<InstanceView> started = f.supervisor.start(f.app("web", TestApps.bash("graceful.sh")).instances(2)
          .incrementVar("PORT").env(Map.of("PORT", "8100", "GREETING", "hi")).build()).get(10, TimeUnit.SECONDS);
      assertThat(started).extracting(InstanceView::index).containsExactly(0, 1);
      await().atMost(WAIT).until(() -> started.stream().allMatch(v -> Files.exists(Path.of(v.outLog()))
          && read(Path.of(v.outLog())).contains("instance=")));
      assertThat(Files.readString(Path.of(started.get(0).outLog()))).contains("instance=0 port=8100 greeting=hi");
      assertThat(Files.readString(Path.of(started.get(1).outLog()))).contains("instance=1 port=8101 greeting=hi");
    }
  }

  @Test
  void gracefulStopLetsTheAppHandleSigint() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      InstanceView v = f.supervisor.start(f.app("polite", TestApps.bash("graceful.sh")).killTimeoutMs(10_000)
          .build()).get(10, TimeUnit.SECONDS).get(0);
      await().atMost(WAIT).until(() -> Files.readString(Path.of(v.outLog())).contains("instance="));
      f.supervisor.stop("polite").get(30, TimeUnit.SECONDS);
      assertThat(f.only().lastExitCode()).isZero();
      await().atMost(WAIT).until(() -> Files.readString(Path.of(v.outLog())).contains("got SIGINT"));
      assertThat(f.events).noneMatch(e -> e.contains("SIGKILL"));
    }
  }

  @Test
  void scaleStartsAndStopsInstances() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("web", TestApps.bash("graceful.sh")).build()).get(10, TimeUnit.SECONDS);
      assertThat(f.supervisor.scale("web", 2, true).get(30, TimeUnit.SECONDS)).hasSize(3);
      List<InstanceView> after = f.supervisor.scale("web", 1, false).get(30, TimeUnit.SECONDS);
      assertThat(after).extracting(InstanceView::index).containsExactly(0);
      assertThat(f.supervisor.list().get(10, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void memoryLimitRestartsTheApp() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("hog", TestApps.bash("hog.sh")).maxMemoryBytes(40L * 1024 * 1024).killTimeoutMs(200)
          .build()).get(10, TimeUnit.SECONDS);
      f.supervisor.startSampling(200);
      await().atMost(WAIT).until(() -> f.only().restarts() >= 1);
      assertThat(Files.readString(Path.of(f.only().errLog()))).contains("max_memory_restart");
    }
  }

  @Test
  void restartKeepsTheStartEnvironmentUnlessGivenANewOne() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      InstanceView v = f.supervisor.start(f.app("web", TestApps.bash("graceful.sh")).env(Map.of("GREETING", "hi"))
          .build()).get(10, TimeUnit.SECONDS).get(0);
      Path log = Path.of(v.outLog());
      // Restart only once the app runs its script: a SIGINT before its trap is set would end it silently.
      await().atMost(WAIT).until(() -> read(log).contains("greeting=hi"));
      f.supervisor.restart("web").get(30, TimeUnit.SECONDS);
      await().atMost(WAIT).untilAsserted(() -> assertThat(read(log)).containsPattern("(?s)greeting=hi.*greeting=hi"));
      f.supervisor.restartWithEnv("web", Map.of("GREETING", "yo")).get(30, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> Files.readString(log).contains("greeting=yo"));
      assertThat(f.only().spec().env()).containsExactly(Map.entry("GREETING", "yo"));
    }
  }

  @Test
  void sendSignalReachesTheApp() throws Exception {
    Path script = dir.resolve("usr1.sh");
    Files.writeString(script, "trap 'echo got USR1' USR1\ntrap 'exit 0' INT\necho up\n"
        + "while true; do sleep 0.1; done\n");
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      InstanceView v = f.supervisor.start(f.app("sig", List.of("bash", script.toString())).build())
          .get(10, TimeUnit.SECONDS).get(0);
      await().atMost(WAIT).until(() -> Files.readString(Path.of(v.outLog())).contains("up"));
      f.supervisor.signal("sig", "USR1").get(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> Files.readString(Path.of(v.outLog())).contains("got USR1"));
      assertThat(f.status()).isEqualTo("online");
    }
  }

  @Test
  void mergedLogsOfTwoBusyInstancesShareOneFileWithEveryLineWholeAndStamped() throws Exception {
    int lines = 10_000;
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      List<InstanceView> started = f.supervisor.start(f.app("merged", TestApps.bash("chatty.sh",
          Integer.toString(lines))).instances(2).mergeLogs(true).logDateFormat("HH:mm:ss.SSS")
          .logMaxBytes(64 * 1024).logKeep(200).build()).get(10, TimeUnit.SECONDS);
      Path live = Path.of(started.get(0).outLog());
      assertThat(live.getFileName().toString()).isEqualTo("merged-out.log");
      assertThat(started.get(1).outLog()).isEqualTo(live.toString());
      await().atMost(WAIT).until(() -> read(Path.of(started.get(0).errLog())).lines()
          .filter(l -> l.endsWith(": done")).count() == 2);
      await().atMost(WAIT).until(() -> allLines(live).size() == 2 * lines);
      List<String> all = allLines(live);
      assertThat(all).allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}: line \\d{8} x{82}"));
      Map<String, Long> counts = all.stream().collect(java.util.stream.Collectors.groupingBy(
          l -> l.substring(l.indexOf("line ")), java.util.stream.Collectors.counting()));
      assertThat(counts).hasSize(lines).allSatisfy((line, n) -> assertThat(n).isEqualTo(2L));
    }
  }

  private static List<String> allLines(Path live) throws java.io.IOException {
    List<String> all = new java.util.ArrayList<>();
    for (int n = 200; n >= 1; n--) {
      Path p = dev.corral.pm.logs.RotatingLogFile.rotated(live, n);
      if (Files.exists(p)) {
        all.addAll(Files.readAllLines(p));
      }
    }
    all.addAll(Files.readAllLines(live));
    return all;
  }

  @Test
  void updateGivesAnAppNewSettingsRestartsItAndFollowsTheInstanceCount() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      AppSpec first = f.app("ticker", TestApps.bash("ticker.sh")).env(Map.of("COLOR", "blue")).build();
      f.supervisor.start(first).get(10, TimeUnit.SECONDS);
      List<InstanceView> after = f.supervisor.update(first.toBuilder().env(Map.of("COLOR", "green")).instances(2)
          .build()).get(30, TimeUnit.SECONDS);
      assertThat(after).hasSize(2);
      assertThat(after).allSatisfy(v -> assertThat(v.spec().env()).containsEntry("COLOR", "green"));
      assertThat(after.get(0).restarts()).isEqualTo(1);
      await().atMost(WAIT).until(() -> f.supervisor.list().get().stream().allMatch(v -> v.status().equals("online")));
    }
  }

  @Test
  void heavyOutputOfARealAppRotatesWithoutLosingOrTearingALine() throws Exception {
    int lines = 20_000;
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      InstanceView v = f.supervisor.start(f.app("chatty", TestApps.bash("chatty.sh", Integer.toString(lines)))
          .logMaxBytes(64 * 1024).logKeep(100).build()).get(10, TimeUnit.SECONDS).get(0);
      await().atMost(WAIT).until(() -> read(Path.of(v.errLog())).contains("done"));
      Path live = Path.of(v.outLog());
      await().atMost(WAIT).until(() -> allLines(live).size() == lines);
      List<String> all = allLines(live);
      for (int i = 0; i < lines; i++) {
        assertThat(all.get(i)).startsWith(String.format("line %08d x", i + 1)).hasSize(96);
      }
      assertThat(dev.corral.pm.logs.RotatingLogFile.rotated(live, 20)).exists();
    }
  }

  @Test
  void outFileOfSeveralInstancesGetsTheIdBeforeItsExtension() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("applogs"));
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      List<InstanceView> started = f.supervisor.start(AppSpec.builder("web", TestApps.bash("graceful.sh"),
          dir.toString()).instances(2).outFile("applogs/web.log").build()).get(10, TimeUnit.SECONDS);
      assertThat(started).extracting(InstanceView::outLog)
          .containsExactly(logs.resolve("web-0.log").toString(), logs.resolve("web-1.log").toString());
      await().atMost(WAIT).until(() -> read(logs.resolve("web-1.log")).contains("instance=1"));
    }
  }

  @Test
  void outFileInAMissingFolderFailsTheStart() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      var start = f.supervisor.start(AppSpec.builder("web", TestApps.bash("graceful.sh"), dir.toString())
          .outFile("nope/web.log").build());
      await().atMost(WAIT).until(start::isDone);
      assertThat(start).isCompletedExceptionally();
      assertThat(f.supervisor.list().get(10, TimeUnit.SECONDS)).isEmpty();
    }
  }
}
