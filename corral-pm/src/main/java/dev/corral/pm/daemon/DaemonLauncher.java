package dev.corral.pm.daemon;

import dev.corral.pm.PmException;
import dev.corral.pm.process.ChildLauncher;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the daemon as a detached process: in its own session ({@code setsid}), stdin from {@code /dev/null},
 * stdout and stderr appended to {@code daemon.log}, with {@code CORRAL_HOME} set. Stateless and thread-safe.
 */
public final class DaemonLauncher {
  /**
   * JVM options for the daemon, chosen for a small, flat RSS (see docs/bench/pm.md for the measurements): a serial-GC
   * heap that starts at 4 MB with a 1 MB young generation and gives memory back; C1 only, one compiler thread,
   * compiling only what stays hot ({@code CompileThresholdScaling}), a small code cache; 256 KB thread stacks of
   * which only 10 shadow pages are touched per thread (the daemon keeps three threads per app: two log pumps and
   * the JDK's process reaper); no class-data sharing (a single long-lived JVM gains nothing from it, and its mapped
   * archive counts in RSS). JDK 22+ also returns freed malloc memory every 2 s and JDK 25+ uses compact object
   * headers: see {@link #defaultJvmOptions(int)}.
   */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms4m", "-Xmx64m", "-Xmn1m",
      "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:CompileThresholdScaling=10",
      "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m", "-Xss256k", "-XX:StackShadowPages=10",
      "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xshare:off");

  /**
   * {@link #DEFAULT_JVM_OPTIONS} plus what a JVM of this feature version supports: {@code TrimNativeHeapInterval}
   * (a product flag since 22; without it glibc keeps the compiler's freed arenas, ≈ 6 MB) and
   * {@code UseCompactObjectHeaders} (a product flag since 25).
   */
  public static List<String> defaultJvmOptions(int javaFeature) {
    List<String> options = new ArrayList<>(DEFAULT_JVM_OPTIONS);
    if (javaFeature >= 22) {
      options.add("-XX:TrimNativeHeapInterval=2000");
    }
    if (javaFeature >= 25) {
      options.add("-XX:+UseCompactObjectHeaders");
    }
    return List.copyOf(options);
  }

  /** daemon.log is rotated (one old copy) when a daemon starts and finds it bigger than this. */
  public static final long DAEMON_LOG_MAX_BYTES = 10L * 1024 * 1024;

  private final List<String> command;

  /** @param command the argv that runs the daemon in the foreground, such as {@code java … daemon} */
  public DaemonLauncher(List<String> command) {
    this.command = List.copyOf(command);
  }

  /**
   * The argv running {@code mainClass args…} on the same java and class path as this JVM (or {@code $CORRAL_JAVA}),
   * with {@link #defaultJvmOptions} for this JVM's version (the launcher runs the daemon on the java it runs on) or
   * {@code $CORRAL_DAEMON_JAVA_OPTS}.
   */
  public static DaemonLauncher sameJvm(String mainClass, String... args) {
    String java = System.getenv("CORRAL_JAVA");
    if (java == null || java.isBlank()) {
      java = ProcessHandle.current().info().command().orElse("java");
    }
    List<String> argv = new ArrayList<>(List.of(java));
    String opts = System.getenv("CORRAL_DAEMON_JAVA_OPTS");
    argv.addAll(opts == null || opts.isBlank() ? defaultJvmOptions(Runtime.version().feature())
        : List.of(opts.trim().split("\\s+")));
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    argv.addAll(List.of(args));
    return new DaemonLauncher(argv);
  }

  /**
   * Starts the daemon and returns its process; does not wait for it to listen. When the class path is a single
   * jar, the daemon runs from a private copy in {@code $CORRAL_HOME/runtime}: a long-lived JVM loads classes
   * lazily, and a jar rebuilt or upgraded in place under it would make it fail on the next class it loads.
   */
  public Process launch(CorralHome home) {
    List<String> argv = new ArrayList<>();
    if (ChildLauncher.setsidAvailable()) {
      argv.add("setsid");
    }
    List<String> cmd = new ArrayList<>(command);
    int cp = cmd.indexOf("-cp");
    if (cp >= 0 && cp + 1 < cmd.size() && cmd.get(cp + 1).endsWith(".jar")
        && !cmd.get(cp + 1).contains(java.io.File.pathSeparator)) {
      cmd.set(cp + 1, privateCopy(home, java.nio.file.Path.of(cmd.get(cp + 1))).toString());
    }
    argv.addAll(cmd);
    rotateLog(home);
    ProcessBuilder pb = new ProcessBuilder(argv)
        .directory(home.dir().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.daemonLog().toFile()))
        .redirectErrorStream(true);
    pb.environment().put("CORRAL_HOME", home.dir().toString());
    try {
      return pb.start();
    } catch (IOException e) {
      throw new PmException("cannot start the daemon (" + String.join(" ", command) + "): " + e.getMessage(), e);
    }
  }

  /** {@code runtime/corral-<size>-<mtime>.jar}, copied atomically if missing; older copies are deleted. */
  static java.nio.file.Path privateCopy(CorralHome home, java.nio.file.Path jar) {
    try {
      java.nio.file.Path dir = Files.createDirectories(home.dir().resolve("runtime"));
      String name = "corral-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + ".jar";
      java.nio.file.Path copy = dir.resolve(name);
      if (!Files.exists(copy)) {
        java.nio.file.Path tmp = Files.createTempFile(dir, "copy", ".tmp");
        Files.copy(jar, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, copy, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      try (var old = Files.list(dir)) {
        for (java.nio.file.Path p : old.toList()) {
          if (!p.equals(copy) && p.getFileName().toString().endsWith(".jar")) {
            Files.deleteIfExists(p); // a running daemon keeps its open copy readable on Linux
          }
        }
      }
      return copy;
    } catch (IOException e) {
      throw new PmException("cannot copy " + jar + " for the daemon: " + e.getMessage(), e);
    }
  }

  /** Past {@link #DAEMON_LOG_MAX_BYTES}, {@code daemon.log} becomes {@code daemon.log.1} when a daemon starts. */
  static void rotateLog(CorralHome home) {
    try {
      if (Files.exists(home.daemonLog()) && Files.size(home.daemonLog()) > DAEMON_LOG_MAX_BYTES) {
        Files.move(home.daemonLog(), home.daemonLog().resolveSibling("daemon.log.1"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new PmException("cannot rotate " + home.daemonLog() + ": " + e.getMessage(), e);
    }
  }

  /** The last lines of the daemon log, for an error message. */
  static String logTail(CorralHome home, int lines) {
    try {
      List<String> all = Files.readAllLines(home.daemonLog());
      return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no daemon log: " + e.getMessage() + ")";
    }
  }
}
