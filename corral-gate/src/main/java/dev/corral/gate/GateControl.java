package dev.corral.gate;

import dev.corral.gate.config.ConfigException;
import dev.corral.gate.config.GateConfig;
import dev.corral.gate.config.GateConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one-shot modes of {@code corral gate}: {@code -t}/{@code -T} (test the configuration, nginx's messages and
 * exit codes) and {@code -s SIGNAL} (signal the running gate through its pid file). Output goes to the given
 * streams, so tests capture it. Stateless.
 */
public final class GateControl {
  /** Exit code for success. */
  public static final int OK = 0;
  /** Exit code for any failure, as nginx. */
  public static final int FAILED = 1;

  private GateControl() {}

  /** {@code -t} (and {@code -T} when {@code dump}): validates the configuration. */
  public static int test(GateOptions options, boolean dump, PrintWriter out, PrintWriter err) {
    Path file = options.resolvedConfig();
    try {
      GateConfig config = new GateConfigLoader(options.prefix()).load(file, options.globalDirectives());
      err.println("corral gate: the configuration file " + file + " syntax is ok");
      err.println("corral gate: configuration file " + file + " test is successful");
      if (config.servers().stream().flatMap(server -> server.listens().stream())
          .anyMatch(dev.corral.gate.config.Listen::ssl)) {
        err.println("corral gate: TLS engine: " + dev.corral.gate.tls.TlsEngine.current().describe());
      }
      if (dump) {
        out.print(config.dump());
        out.flush();
      }
      err.flush();
      return OK;
    } catch (ConfigException e) {
      err.println("corral gate: [emerg] " + e.getMessage());
      err.println("corral gate: configuration file " + file + " test failed");
      err.flush();
      return FAILED;
    }
  }

  /**
   * {@code -s stop|quit|reload|reopen}: reads the pid file named by the configuration, signals that pid and waits
   * for the gate's acknowledgement ({@link SignalAck}): {@link #OK} once the gate acted, {@link #FAILED} with a
   * message when the reload failed (the previous configuration keeps serving) or when no acknowledgement came
   * within {@code ackTimeout} (the pid is not a gate, or a gate that cannot take the signal).
   */
  public static int signal(GateOptions options, String command, PrintWriter err, Duration ackTimeout) {
    String signal;
    Path pidFile;
    try {
      signal = GateSignals.signalFor(command);
      pidFile = new GateConfigLoader(options.prefix()).load(options.resolvedConfig(), options.globalDirectives())
          .main().pidFile();
    } catch (IllegalArgumentException | ConfigException e) {
      err.println("corral gate: [emerg] " + e.getMessage());
      return FAILED;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
    } catch (NoSuchFileException e) {
      err.println("corral gate: [error] open() \"" + pidFile + "\" failed (No such file or directory)");
      return FAILED;
    } catch (IOException | NumberFormatException e) {
      err.println("corral gate: [error] invalid PID number in \"" + pidFile + "\"");
      return FAILED;
    }
    if (ProcessHandle.of(pid).isEmpty()) {
      err.println("corral gate: [error] kill(" + pid + ", " + signal + ") failed (No such process)");
      return FAILED;
    }
    Path ackFile = SignalAck.fileFor(pidFile);
    long before = SignalAck.read(ackFile).filter(e -> e.pid() == pid).map(SignalAck.Entry::sequence).orElse(0L);
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        err.println("corral gate: [error] kill(" + pid + ", " + signal + ") failed");
        return FAILED;
      }
      return awaitAck(ackFile, pid, before, signal, err, ackTimeout);
    } catch (IOException e) {
      err.println("corral gate: [error] kill(" + pid + ", " + signal + ") failed (" + e.getMessage() + ")");
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  /** How long a reload that has begun may take before {@code -s reload} gives up on its outcome. */
  private static final Duration RELOAD_OUTCOME_TIMEOUT = Duration.ofSeconds(60);

  private static int awaitAck(Path ackFile, long pid, long before, String signal, PrintWriter err,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean received = false;
    while (System.nanoTime() - deadline < 0) {
      var entry = SignalAck.read(ackFile)
          .filter(e -> e.pid() == pid && e.sequence() > before && e.signal().equals(signal));
      if (entry.isPresent()) {
        switch (entry.get().state()) {
          case "done" -> {
            return OK;
          }
          case "failed" -> {
            err.println("corral gate: [error] the gate (pid " + pid + ") could not apply the new configuration; "
                + "the previous one keeps serving (its error log says why)");
            return FAILED;
          }
          default -> {
            if (!received) {
              received = true;
              deadline = System.nanoTime() + RELOAD_OUTCOME_TIMEOUT.toNanos();
            }
          }
        }
      }
      Thread.sleep(20);
    }
    err.println("corral gate: [error] process " + pid + " did not acknowledge SIG" + signal + " within "
        + (received ? RELOAD_OUTCOME_TIMEOUT : timeout).toSeconds() + "s (" + ackFile + " unchanged): it is not a "
        + "corral gate, or one that cannot receive the signal (its error log says so)");
    return FAILED;
  }

  /** {@link #signal(GateOptions, String, PrintWriter, Duration)} with {@link #DEFAULT_ACK_TIMEOUT}. */
  public static int signal(GateOptions options, String command, PrintWriter err) {
    return signal(options, command, err, DEFAULT_ACK_TIMEOUT);
  }

  /** How long {@code -s} waits for the gate's acknowledgement. */
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(5);
}
