package dev.corral.gate.config;

import java.util.Optional;

/**
 * A variable the configuration defines: by {@code set $name …}, as the result of a {@code map}, or as a named
 * capture {@code (?<name>…)} of a regular expression. Its value lives per request in slot {@link #index()} of the
 * request's array of user values. A {@code map} result is computed when first read and then cached for the request
 * (unless the map is {@code volatile}).
 *
 * <p>Thread-safety: built while one configuration is compiled; {@link #defineMap} is called at most once, during
 * that compilation, before the configuration is published to the event loops (through the gate's atomic routes
 * reference). Read-only afterwards.
 */
public final class UserVariable {
  private final String name;
  private final int index;
  private MapConfig map;

  UserVariable(String name, int index) {
    this.name = name;
    this.index = index;
  }

  /** The name, without {@code $}. */
  public String name() {
    return name;
  }

  /** The slot in a request's user values. */
  public int index() {
    return index;
  }

  /** The {@code map} whose result this variable is, if any. */
  public Optional<MapConfig> map() {
    return Optional.ofNullable(map);
  }

  void defineMap(MapConfig definition, SourcePosition position) {
    if (map != null) {
      throw new ConfigException("the duplicate \"" + name + "\" variable", position);
    }
    map = definition;
  }
}
