package dev.corral.gate.http.ssi;

import java.util.Map;
import java.util.Objects;

/**
 * One parsed {@code <!--# name key="value" ... -->} tag: its command name and its parameters in the order written.
 * The parser has checked only the tag's syntax and lengths; {@link SsiCommands#check} says whether nginx knows it.
 *
 * @param name the command, as written (nginx compares it case-sensitively)
 * @param params parameter name to value, in document order; unmodifiable
 */
public record SsiCommand(String name, Map<String, String> params) {
  public SsiCommand {
    Objects.requireNonNull(name, "name");
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }

  /** The value of {@code key}, or {@code null} when the tag has no such parameter. */
  public String param(String key) {
    return params.get(key);
  }
}
