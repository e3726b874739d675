package dev.corral.pm.config;

import dev.corral.pm.PmException;
import dev.corral.pm.process.ChildLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what the user gave to {@code start} into the argv to run, the way pm2 picks an interpreter by extension,
 * plus what pm2 lacks: a {@code .jar} runs with {@code java [jvm args] -jar}. A {@code .sh} runs with bash,
 * {@code .py} with python3, {@code .js} with node; another executable file runs as itself; a bare name is looked
 * up on the PATH. An explicit interpreter wins ({@code none} = run the file itself). Stateless.
 */
public final class CommandResolver {
  private static final Map<String, String> INTERPRETERS = Map.of(
      "sh", "bash", "bash", "bash", "py", "python3", "js", "node", "mjs", "node", "rb", "ruby", "pl", "perl",
      "php", "php");

  private final String java;

  /** @param java the java binary for jars */
  public CommandResolver(String java) {
    this.java = java;
  }

  /**
   * @param script a file (relative to {@code cwd}) or a command name
   * @param args arguments after the script
   * @param interpreter empty for automatic, {@code none}, or a program
   * @param jvmArgs options for {@code java} when the script is a jar
   * @throws PmException if the script is neither a file nor a command on the PATH
   */
  public List<String> resolve(String script, List<String> args, String interpreter, List<String> jvmArgs, Path cwd) {
    Path file = cwd.resolve(script).normalize();
    List<String> argv = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      String name = file.getFileName().toString();
      String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
      if (!interpreter.isEmpty() && !interpreter.equals("none")) {
        argv.add(interpreter);
      } else if (interpreter.isEmpty() && ext.equals("jar")) {
        argv.add(java);
        argv.addAll(jvmArgs);
        argv.add("-jar");
      } else if (interpreter.isEmpty() && INTERPRETERS.containsKey(ext)) {
        argv.add(INTERPRETERS.get(ext));
      } else if (!Files.isExecutable(file)) {
        throw new PmException("script: " + script + " is not executable and has no known extension (use"
            + " --interpreter)");
      }
      argv.add(file.toString());
    } else if (!script.contains("/") && ChildLauncher.findOnPath(script).isPresent()) {
      if (!interpreter.isEmpty() && !interpreter.equals("none")) {
        argv.add(interpreter);
      }
      argv.add(script);
    } else {
      throw new PmException("script not found: " + script + " (no such file in " + cwd + ", nor a command on the"
          + " PATH)");
    }
    argv.addAll(args);
    return argv;
  }
}
