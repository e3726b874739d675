package dev.corral.pm.process;

import dev.corral.pm.reaper.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts one instance of an app: in its own session and process group ({@code setsid}, when installed) so the
 * whole tree can be signalled, with stdin from {@code /dev/null} and stdout/stderr on the instance's named pipes.
 *
 * <p>The child is started through a one-line {@code /bin/sh} wrapper that reopens its stdout and stderr pipes
 * read-write before {@code exec}ing the command: holding a read end itself, the app never gets SIGPIPE if the
 * daemon dies, and the next daemon can reopen the pipes by name.
 *
 * <p>Environment: the daemon's own, then the spec's {@code env}, then {@code instance_var} = the instance index
 * and {@code increment_var} = its base value + index. Stateless and thread-safe.
 */
public final class ChildLauncher {
  private static final String WRAPPER = "o=$1; e=$2; shift 2; exec 1<>\"$o\" 2<>\"$e\"; exec \"$@\"";

  private final boolean setsid;

  /** @param setsid whether to start children through {@code setsid} (see {@link #setsidAvailable()}) */
  public ChildLauncher(boolean setsid) {
    this.setsid = setsid;
  }

  /** Whether {@code setsid} is on the PATH. */
  public static boolean setsidAvailable() {
    return findOnPath("setsid").isPresent();
  }

  /** Whether launched children lead their own process group. */
  public boolean ownGroup() {
    return setsid;
  }

  /**
   * Starts the instance; returns once the OS has started it (the command may still fail to exec, which shows as
   * an exit with code 127 and a line in the error log).
   *
   * @throws UncheckedIOException if the process cannot be started at all
   */
  public Process launch(AppSpec spec, int index, Path outPipe, Path errPipe, Map<String, String> extraEnv) {
    List<String> argv = new ArrayList<>();
    if (setsid) {
      argv.add("setsid");
    }
    argv.addAll(List.of("/bin/sh", "-c", WRAPPER, "corral-" + spec.name(), outPipe.toString(), errPipe.toString()));
    argv.addAll(spec.command());
    ProcessBuilder pb = new ProcessBuilder(argv)
        .directory(new File(spec.cwd()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(outPipe.toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(errPipe.toFile()));
    pb.environment().putAll(environment(spec, index, pb.environment()));
    pb.environment().putAll(extraEnv);
    try {
      return ChildProcesses.start(pb);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The variables the spec adds for instance {@code index}, given the inherited environment.
   *
   * @throws IllegalArgumentException if the increment_var has no numeric base value
   */
  public static Map<String, String> environment(AppSpec spec, int index, Map<String, String> inherited) {
    Map<String, String> env = new HashMap<>(spec.env());
    env.put(spec.instanceVar(), Integer.toString(index));
    spec.incrementVarName().ifPresent(var -> {
      String base = env.getOrDefault(var, inherited.get(var));
      if (base == null) {
        throw new IllegalArgumentException("increment_var: " + var + " (expected: a variable set in env)");
      }
      try {
        env.put(var, Long.toString(Long.parseLong(base.trim()) + index));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("increment_var: " + var + "=" + base + " (expected: a number)", e);
      }
    });
    return env;
  }

  /** The executable {@code name} resolved on the PATH. */
  public static java.util.Optional<Path> findOnPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
          return java.util.Optional.of(candidate);
        }
      }
    }
    return java.util.Optional.empty();
  }
}
