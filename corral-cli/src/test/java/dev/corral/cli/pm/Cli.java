package dev.corral.cli.pm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code corral} CLI as a separate JVM (this test's class path) against a real daemon in a temporary
 * {@code CORRAL_HOME}. {@link #close()} runs {@code corral kill} and SIGKILLs the daemon and every app pid seen,
 * so nothing outlives a test, even a failing one.
 */
final class Cli implements AutoCloseable {
  record Result(int exit, String out, String err) {}

  final Path home;
  final Path work;
  private final List<Long> pids = new ArrayList<>();

  Cli(Path dir) throws IOException {
    home = dir.resolve("h");
    work = Files.createDirectories(dir.resolve("w"));
  }

  /** Writes an executable shell script into the working folder. */
  Path script(String name, String body) throws IOException {
    Path file = work.resolve(name);
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    return file;
  }

  /** The argv that runs the CLI in a fresh JVM. */
  static List<String> argv(String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> argv = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), "dev.corral.cli.CorralMain"));
    argv.addAll(List.of(args));
    return argv;
  }

  /** A process builder for the CLI (or a wrapper of it) with this test's CORRAL_HOME and working folder. */
  ProcessBuilder builder(List<String> argv) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile());
    pb.environment().put("CORRAL_HOME", home.toString());
    pb.environment().put("CORRAL_JAVA", ProcessHandle.current().info().command().orElse("java"));
    return pb;
  }

  /**
   * Starts a long-running command ({@code logs}, {@code monit}) with its output going to {@code out}; the caller
   * destroys it.
   */
  Process spawn(Path out, String... args) throws IOException {
    return builder(argv(args)).redirectOutput(out.toFile()).redirectErrorStream(true).start();
  }

  Result run(String... args) throws Exception {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process p = builder(argv(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("corral " + String.join(" ", args) + " did not finish");
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    // Pids shown in a process table: the last-resort cleanup kills them.
    r.out().lines().map(l -> l.split("│")).filter(c -> c.length > 4).map(c -> c[4].trim())
        .filter(s -> !s.isEmpty() && s.chars().allMatch(Character::isDigit)).forEach(s -> pids.add(Long.parseLong(s)));
    return r;
  }

  /** Runs and requires exit code 0. */
  String ok(String... args) throws Exception {
    Result r = run(args);
    if (r.exit() != 0) {
      throw new AssertionError("corral " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
    }
    return r.out();
  }

  @Override
  public void close() throws Exception {
    Path pidFile = home.resolve("daemon.pid");
    long daemon = Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).trim()) : 0;
    Path state = home.resolve("state.json");
    if (Files.exists(state)) {
      new com.fasterxml.jackson.databind.ObjectMapper().readTree(state.toFile()).path("instances")
          .forEach(i -> pids.add(i.path("pid").asLong()));
    }
    try {
      if (Files.exists(home.resolve("corral.sock"))) {
        run("kill");
      }
    } finally {
      ProcessHandle.of(daemon).ifPresent(h -> {
        try {
          h.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          h.destroyForcibly();
        }
      });
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }
}
