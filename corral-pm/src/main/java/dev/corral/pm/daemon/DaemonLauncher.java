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
   * JVM options for the daemon: a small serial-GC heap that gives memory back, C1 only, one compiler thread and
   * a small code cache keep its memory low and flat (measured: ~64 MB RSS idle, ~80 MB with 25 apps).
   */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms4m", "-Xmx64m",
      "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m",
      "-XX:MaxMetaspaceSize=64m", "-Xss256k", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

  private final List<String> command;

  /** @param command the argv that runs the daemon in the foreground, such as {@code java … daemon} */
  public DaemonLauncher(List<String> command) {
    this.command = List.copyOf(command);
  }

  /**
   * The argv running {@code mainClass args…} on the same java and class path as this JVM (or {@code $CORRAL_JAVA}),
   * with {@link #DEFAULT_JVM_OPTIONS} or {@code $CORRAL_DAEMON_JAVA_OPTS}.
   */
  public static DaemonLauncher sameJvm(String mainClass, String... args) {
    String java = System.getenv("CORRAL_JAVA");
    if (java == null || java.isBlank()) {
      java = ProcessHandle.current().info().command().orElse("java");
    }
    List<String> argv = new ArrayList<>(List.of(java));
    String opts = System.getenv("CORRAL_DAEMON_JAVA_OPTS");
    argv.addAll(opts == null || opts.isBlank() ? DEFAULT_JVM_OPTIONS : List.of(opts.trim().split("\\s+")));
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    argv.addAll(List.of(args));
    return new DaemonLauncher(argv);
  }

  /** Starts the daemon and returns its process; does not wait for it to listen. */
  public Process launch(CorralHome home) {
    List<String> argv = new ArrayList<>();
    if (ChildLauncher.setsidAvailable()) {
      argv.add("setsid");
    }
    argv.addAll(command);
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
