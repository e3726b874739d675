package dev.corral.gate;

import dev.corral.gate.config.GateConfigLoader;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code daemon on;} / {@code -d}: a JVM cannot fork, so the gate re-executes itself detached, as nginx's parent
 * forks its master, and the parent returns only once the daemon serves.
 *
 * <p>The parent ({@link #spawn}) starts the same command in a new session ({@code setsid} when the system has it)
 * with stdin from {@code /dev/null}, stdout discarded and {@link #CHILD_ENV} set, and reads the child's stderr:
 * lines are passed through (a configuration error, {@code bind() ... failed}) until the child writes the ready
 * line, which it does after binding its listeners and writing its pid file ({@link Child#ready}). Then the parent
 * returns 0; if the child exits first, or is not ready within the timeout, 1.
 *
 * <p>The child ({@link #child}) writes to a stream that goes to the parent until it is ready and to nowhere
 * afterwards (nginx's daemon points its stderr at {@code /dev/null}); the error log is where it reports.
 *
 * <p>Stateless; the child's stream is thread-safe.
 */
public final class GateDaemon {
  /** Set in the child's environment: the process is the daemon itself and must not spawn again. */
  public static final String CHILD_ENV = "CORRAL_GATE_DAEMON_CHILD";
  /** How long the parent waits for the daemon to be ready. */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
  static final String READY_PREFIX = "corral gate: daemon ready, pid ";
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private GateDaemon() {}

  /**
   * Whether the configuration says {@code daemon on;} (with {@code -g} directives applied).
   *
   * @throws dev.corral.gate.config.ConfigException if the configuration is invalid
   */
  public static boolean configured(GateOptions options) {
    return new GateConfigLoader(options.prefix()).load(options.resolvedConfig(), options.globalDirectives()).main()
        .daemon();
  }

  /** Whether {@code env} marks this process as the daemon started by {@link #spawn}. */
  public static boolean isChild(Map<String, String> env) {
    return env.containsKey(CHILD_ENV);
  }

  /**
   * Starts {@code command} as the daemon and waits until it is ready.
   *
   * @param command the child's full command line (java, JVM options, class path, main class, arguments)
   * @param err where the child's startup messages and the parent's own errors go
   * @return {@link GateControl#OK} once the daemon is ready, else {@link GateControl#FAILED}
   */
  public static int spawn(List<String> command, PrintWriter err, Duration readyTimeout) {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      full.add(SETSID.toString());
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.PIPE);
    builder.environment().put(CHILD_ENV, "1");
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      err.println("corral gate: [emerg] could not start the daemon (" + e.getMessage() + ")");
      err.flush();
      return GateControl.FAILED;
    }
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(child, err),
        runnable -> Thread.ofVirtual().name("gate-daemon-stderr").start(runnable));
    try {
      if (ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return GateControl.OK;
      }
      int status = child.waitFor();
      err.println("corral gate: [emerg] the daemon exited with status " + status + " before it was ready");
    } catch (TimeoutException e) {
      child.destroyForcibly();
      err.println("corral gate: [emerg] the daemon was not ready within " + readyTimeout.toSeconds()
          + "s; stopped it");
    } catch (ExecutionException e) {
      child.destroyForcibly();
      err.println("corral gate: [emerg] could not read the daemon's output (" + e.getCause().getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroyForcibly();
    }
    err.flush();
    return GateControl.FAILED;
  }

  /** Passes the child's lines through until the ready line (true) or the end of its output (false). */
  private static boolean readUntilReady(Process child, PrintWriter err) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getErrorStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(READY_PREFIX)) {
          return true;
        }
        err.println(line);
        err.flush();
      }
      return false;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The daemon child's side: the stderr it uses, and the ready signal. */
  public static Child child(PrintStream original) {
    return new Child(original);
  }

  /**
   * The daemon child's stderr: the parent's pipe until {@link #ready()}, then nothing. Thread-safe.
   */
  public static final class Child {
    private final PrintStream original;
    private final Detachable detachable;
    private final PrintStream stream;

    private Child(PrintStream original) {
      this.original = original;
      this.detachable = new Detachable(original);
      this.stream = new PrintStream(detachable, true, StandardCharsets.UTF_8);
    }

    /** The stream to use as stderr (for the gate's start-up errors and an error log on stderr). */
    public PrintStream stream() {
      return stream;
    }

    /** Tells the waiting parent that the daemon serves, then detaches from the parent's pipe. */
    public void ready() {
      stream.flush();
      original.println(READY_PREFIX + ProcessHandle.current().pid());
      original.flush();
      detachable.detach();
      System.setErr(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    }
  }

  /** An output stream that forwards to a target until detached, then drops everything. */
  private static final class Detachable extends OutputStream {
    private volatile OutputStream target;

    Detachable(OutputStream target) {
      this.target = target;
    }

    void detach() {
      target = OutputStream.nullOutputStream();
    }

    @Override
    public void write(int b) throws IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }
  }
}
