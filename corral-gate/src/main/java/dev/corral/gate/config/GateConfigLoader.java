package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a gate configuration as nginx does: the file (relative to the prefix) is parsed with includes resolved
 * against its directory, directives given with {@code -g} are added to the main context, and the whole is
 * validated. Stateless and thread-safe.
 */
public final class GateConfigLoader {
  private final Path prefix;

  /** A loader for the given prefix ({@code -p}); relative paths in the config resolve against it. */
  public GateConfigLoader(Path prefix) {
    this.prefix = prefix.toAbsolutePath().normalize();
  }

  /**
   * Loads and validates a configuration.
   *
   * @param configFile the file; relative paths resolve against the prefix
   * @param globalDirectives the text of {@code -g}, empty for none
   * @throws ConfigException naming file and line on the first problem found
   */
  public GateConfig load(Path configFile, String globalDirectives) {
    Path file = prefix.resolve(configFile).normalize();
    Path dir = file.getParent() == null ? prefix : file.getParent();
    ConfigParser parser = new ConfigParser(dir);
    List<Directive> tree = new ArrayList<>(parser.parseFile(file));
    if (!globalDirectives.isBlank()) {
      tree.addAll(parser.parseText(globalDirectives, Path.of("command line")));
    }
    return new GateConfigCompiler(prefix).compile(tree).withFiles(parser.files());
  }

  /** The prefix this loader resolves against. */
  public Path prefix() {
    return prefix;
  }
}
