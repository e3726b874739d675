package dev.corral.gate;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command-line settings of {@code corral gate}, with nginx's meanings.
 *
 * @param prefix {@code -p}: relative paths (the config file, pid, logs) resolve against it; default the current
 *     directory
 * @param configFile {@code -c}: default {@code conf/gate.conf} under the prefix
 * @param globalDirectives {@code -g}: main-context directives added to the file's
 * @param errorLog {@code -e}: the error log when the configuration has no {@code error_log} (nginx's meaning);
 *     relative to the prefix; {@code stderr} logs to standard error
 */
public record GateOptions(Path prefix, Path configFile, String globalDirectives, Optional<String> errorLog) {
  public static final Path DEFAULT_CONFIG = Path.of("conf/gate.conf");

  /** Options with defaults for everything but the config file. */
  public static GateOptions of(Path configFile) {
    return new GateOptions(Path.of(""), configFile, "", Optional.empty());
  }

  /** The config file's absolute path. */
  public Path resolvedConfig() {
    return prefix.toAbsolutePath().resolve(configFile).normalize();
  }
}
