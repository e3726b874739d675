package dev.corral.gate.http;

import dev.corral.gate.config.MapConfig;
import dev.corral.gate.config.Template;
import dev.corral.gate.config.UserVariable;
import java.util.Arrays;
import java.util.Optional;

/**
 * One request's values of the variables the configuration defines ({@code set}, {@code map}, named captures), in an
 * array indexed by {@link UserVariable#index()} — no look-up by name. A {@code map} result is computed when first
 * read and kept for the request unless the map is {@code volatile}; a map that reads itself, directly or not, gives
 * an empty value (nginx: "cycle while evaluating variable"). A variable never set reads as empty. Confined to the
 * request's event loop.
 */
final class RequestVariables {
  private static final byte UNSET = 0;
  private static final byte SET = 1;
  private static final byte EVALUATING = 2;

  private String[] values;
  private byte[] states;

  /** The value of {@code variable}; {@code resolver} renders a map's source and result. */
  String value(UserVariable variable, RequestContext resolver) {
    int i = variable.index();
    if (values != null && i < values.length && states[i] == SET) {
      return values[i];
    }
    Optional<MapConfig> map = variable.map();
    if (map.isEmpty()) {
      return "";
    }
    if (values != null && i < values.length && states[i] == EVALUATING) {
      return "";
    }
    ensure(i);
    states[i] = EVALUATING;
    MapConfig m = map.get();
    Template result = m.lookup(m.source().render(resolver), resolver);
    String value = result.render(resolver);
    if (m.volatileResult()) {
      states[i] = UNSET;
    } else {
      values[i] = value;
      states[i] = SET;
    }
    return value;
  }

  /** Whether {@code variable} has been given a value in this request (a map's counts once computed). */
  boolean isSet(UserVariable variable) {
    int i = variable.index();
    return values != null && i < values.length && states[i] == SET;
  }

  /** {@code set $name value}, or a named capture. */
  void set(UserVariable variable, String value) {
    int i = variable.index();
    ensure(i);
    values[i] = value;
    states[i] = SET;
  }

  private void ensure(int index) {
    if (values == null) {
      values = new String[Math.max(4, index + 1)];
      states = new byte[values.length];
    } else if (index >= values.length) {
      int size = Math.max(values.length * 2, index + 1);
      values = Arrays.copyOf(values, size);
      states = Arrays.copyOf(states, size);
    }
  }
}
