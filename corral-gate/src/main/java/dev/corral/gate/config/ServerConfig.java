package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code server} block: where it listens, the names it answers to, and its locations in configuration order.
 *
 * @param serverNames the names as written ({@code ~regex}, {@code *.wildcard}, {@code .suffix} included)
 * @param locations the server-level locations (named ones included), each with its nested ones
 * @param settings the server-level settings, used for requests no location matches
 * @param nameRegexes the {@code ~regex} names, compiled case-insensitive as nginx does, in order
 */
public record ServerConfig(List<Listen> listens, List<String> serverNames, List<LocationConfig> locations,
    ProxySettings settings, SourcePosition position, List<CaptureRegex> nameRegexes) {
  public ServerConfig {
    listens = List.copyOf(listens);
    serverNames = List.copyOf(serverNames);
    locations = List.copyOf(locations);
    nameRegexes = List.copyOf(nameRegexes);
  }

  /**
   * {@code $server_name}: the first name, without the leading dot of a {@code .example.com} name (nginx's
   * {@code sn->name}).
   */
  public String primaryName() {
    String first = serverNames.get(0);
    return first.startsWith(".") ? first.substring(1) : first;
  }

  /** Every location of this server, nested ones included (each after the location that holds it). */
  public List<LocationConfig> allLocations() {
    List<LocationConfig> all = new ArrayList<>();
    addAll(locations, all);
    return all;
  }

  private static void addAll(List<LocationConfig> level, List<LocationConfig> all) {
    for (LocationConfig location : level) {
      all.add(location);
      addAll(location.nested(), all);
    }
  }
}
