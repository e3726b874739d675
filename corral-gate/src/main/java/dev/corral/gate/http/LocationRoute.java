package dev.corral.gate.http;


import dev.corral.gate.config.LocationConfig;

/**
 * A location as it runs: its configuration, its access phases in order and its content handler, put together once
 * per configuration load by {@link Router}. Immutable and thread-safe.
 */
public final class LocationRoute {
  private static final AccessPhase[] NO_PHASES = new AccessPhase[0];

  private final LocationConfig config;
  private final AccessPhase[] access;
  private final ContentHandler content;

  public LocationRoute(LocationConfig config, AccessPhase[] access, ContentHandler content) {
    this.config = config;
    this.access = access.length == 0 ? NO_PHASES : access.clone();
    this.content = content;
  }

  LocationConfig config() {
    return config;
  }

  /** The number of access phases. */
  int phases() {
    return access.length;
  }

  /** Access phase {@code i}, in nginx's order. */
  AccessPhase phase(int i) {
    return access[i];
  }

  ContentHandler content() {
    return content;
  }
}
