package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles {@code map SOURCE $RESULT { … }} blocks (http level) into {@link MapConfig}s attached to their result
 * variable: entries {@code KEY VALUE;}, {@code default VALUE;}, {@code hostnames;}, {@code volatile;},
 * {@code ~regex} / {@code ~*regex} keys, a leading backslash to write a key that is one of those words
 * ({@code \default}); {@code include} was expanded by the parser. Stateless.
 */
final class MapCompiler {
  private MapCompiler() {}

  /** Compiles {@code d} and defines its result variable as that map. */
  static void compile(Directive d) {
    Values.requireBlock(d, 2, 2);
    Template source = Template.compile(d.arg(0), d.position());
    String result = d.arg(1);
    if (!result.startsWith("$") || result.length() < 2) {
      throw new ConfigException("invalid variable name \"" + result + "\"", d.position());
    }
    boolean hostnames = false;
    boolean isVolatile = false;
    for (Directive entry : d.children()) {
      if (entry.args().isEmpty() && entry.name().equals("hostnames")) {
        hostnames = true;
      } else if (entry.args().isEmpty() && entry.name().equals("volatile")) {
        isVolatile = true;
      }
    }
    Map<String, Template> exact = new HashMap<>();
    Map<String, Template> leading = new HashMap<>();
    Map<String, Template> trailing = new HashMap<>();
    List<MapConfig.RegexKey> regexes = new ArrayList<>();
    Template fallback = null;
    for (Directive entry : d.children()) {
      String key = entry.name();
      if (entry.args().isEmpty() && (key.equals("hostnames") || key.equals("volatile"))) {
        continue;
      }
      if (entry.args().size() != 1 || entry.block().isPresent()) {
        throw new ConfigException("invalid number of the map parameters", entry.position());
      }
      Template value = Template.compile(entry.arg(0), entry.position());
      if (key.equals("default")) {
        if (fallback != null) {
          throw new ConfigException("duplicate default map parameter", entry.position());
        }
        fallback = value;
        continue;
      }
      if (key.startsWith("~")) {
        boolean caseless = key.startsWith("~*");
        regexes.add(new MapConfig.RegexKey(
            CaptureRegex.compile(key.substring(caseless ? 2 : 1), caseless, entry.position()), value));
        continue;
      }
      if (key.startsWith("\\")) {
        key = key.substring(1);
      }
      String lower = key.toLowerCase(Locale.ROOT);
      Map<String, Template> target = exact;
      String stored = lower;
      if (hostnames && lower.startsWith("*.")) {
        target = leading;
        stored = lower.substring(1);
      } else if (hostnames && lower.startsWith(".")) {
        target = leading;
        // nginx puts ".example.com" in its exact hash as "example.com" too.
        if (exact.putIfAbsent(lower.substring(1), value) != null) {
          throw conflicting(entry, key);
        }
      } else if (hostnames && lower.endsWith(".*")) {
        target = trailing;
        stored = lower.substring(0, lower.length() - 1);
      } else if (hostnames && lower.endsWith(".")) {
        stored = lower.substring(0, lower.length() - 1);
      }
      if (target.putIfAbsent(stored, value) != null) {
        throw conflicting(entry, key);
      }
    }
    MapConfig map = new MapConfig(source, hostnames, exact, leading, trailing, regexes,
        fallback == null ? Template.literal("") : fallback, isVolatile);
    UserVariables.current().define(result.substring(1)).defineMap(map, d.position());
  }

  private static ConfigException conflicting(Directive entry, String key) {
    return new ConfigException("conflicting parameter \"" + key + "\"", entry.position());
  }
}
