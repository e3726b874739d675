package dev.corral.pm.config;

import dev.corral.pm.PmException;
import dev.corral.pm.process.AppSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * An ecosystem file ({@code corral.yaml}; JSON is read by the same YAML parser) with pm2's app fields under
 * {@code apps:}. Every error names the file, the line and the field. Relative paths resolve against the file's
 * folder. Fields pm2 has that corral does not implement yet are refused by name, never silently ignored.
 *
 * <pre>
 * apps:
 *   - name: api
 *     jar: build/api.jar          # or script: / command:
 *     args: ["--port", "8080"]
 *     instances: 2
 *     env: {PORT: 8080}
 *     env_production: {LOG_LEVEL: warn}
 *     max_memory_restart: 300M
 * </pre>
 *
 * Immutable once read.
 */
public final class EcosystemFile {
  private static final Set<String> NOT_YET = Set.of("log_file", "uid", "gid", "autostart", "filter_env", "shutdown_with_message");

  private final Path file;
  private final List<Entry> apps;

  private record Entry(String name, int line, AppSpec spec) {}

  private EcosystemFile(Path file, List<Entry> apps) {
    this.file = file;
    this.apps = apps;
  }

  /**
   * Reads and validates the file.
   *
   * @param resolver turns script/jar/command into an argv
   * @param baseEnv environment every app starts from (the CLI's, as in pm2)
   * @param profile {@code --env NAME}: also apply {@code env_NAME}; null for none
   * @throws ConfigException naming the file, line and field of the first problem
   */
  public static EcosystemFile read(Path file, CommandResolver resolver, Map<String, String> baseEnv, String profile) {
    Node root;
    try (Reader reader = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(file, line, "not valid YAML/JSON: " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new ConfigException(file, 1, "not valid YAML/JSON: " + e.getMessage(), e);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new PmException("ecosystem file not found: " + file, e);
    } catch (IOException e) {
      throw new PmException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!(root instanceof MappingNode top)) {
      throw new ConfigException(file, 1, "expected a mapping with an 'apps' list");
    }
    Node appsNode = null;
    for (NodeTuple t : top.getValue()) {
      String key = scalar(file, t.getKeyNode(), "key");
      if (key.equals("apps")) {
        appsNode = t.getValueNode();
      } else if (!key.equals("deploy")) {
        throw new ConfigException(file, line(t.getKeyNode()), "unknown top-level field '" + key
            + "' (expected: apps)");
      }
    }
    if (!(appsNode instanceof SequenceNode list) || list.getValue().isEmpty()) {
      throw new ConfigException(file, appsNode == null ? 1 : line(appsNode), "apps: expected a non-empty list");
    }
    List<Entry> entries = new ArrayList<>();
    boolean profileSeen = false;
    Path dir = file.toAbsolutePath().getParent();
    for (int i = 0; i < list.getValue().size(); i++) {
      Node app = list.getValue().get(i);
      if (!(app instanceof MappingNode m)) {
        throw new ConfigException(file, line(app), "apps[" + i + "]: expected a mapping of app fields");
      }
      AppReader reader = new AppReader(file, "apps[" + i + "]", m, dir, resolver, baseEnv, profile);
      profileSeen |= profile != null && reader.hasProfile(profile);
      AppSpec spec = reader.read();
      if (entries.stream().anyMatch(e -> e.name().equals(spec.name()))) {
        throw new ConfigException(file, line(app), "apps[" + i + "].name: " + spec.name() + " is used twice");
      }
      entries.add(new Entry(spec.name(), line(app), spec));
    }
    if (profile != null && !profileSeen) {
      throw new ConfigException(file, line(top), "--env " + profile + ": no app has an env_" + profile + " block");
    }
    return new EcosystemFile(file, List.copyOf(entries));
  }

  /**
   * The apps to start: all, or just {@code only} (pm2's {@code --only}, comma-separated names allowed).
   *
   * @throws PmException if {@code only} names no app of the file
   */
  public List<AppSpec> select(String only) {
    if (only == null) {
      return apps.stream().map(Entry::spec).toList();
    }
    List<String> names = List.of(only.split(","));
    List<AppSpec> chosen = apps.stream().filter(e -> names.contains(e.name())).map(Entry::spec).toList();
    if (chosen.size() != names.size()) {
      throw new PmException("--only " + only + ": " + file.getFileName() + " has apps "
          + apps.stream().map(Entry::name).toList());
    }
    return chosen;
  }

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  static String scalar(Path file, Node node, String field) {
    if (!(node instanceof ScalarNode s)) {
      throw new ConfigException(file, line(node), field + ": expected a single value");
    }
    return s.getValue();
  }

  static boolean notYet(String field) {
    return NOT_YET.contains(field);
  }

}
