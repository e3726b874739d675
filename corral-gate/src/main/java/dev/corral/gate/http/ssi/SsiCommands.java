package dev.corral.gate.http.ssi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * nginx's table of SSI commands and their parameters (ngx_http_ssi_commands): which names exist, which
 * parameters each accepts and which it requires. {@link #check} gives nginx's error-log text for a tag that does
 * not fit, so the filter writes {@code errmsg} in its place and carries on.
 */
public final class SsiCommands {
  private record Spec(Set<String> accepted, Set<String> mandatory) { }

  private static final Map<String, Spec> TABLE = Map.of(
      "include", new Spec(Set.of("virtual", "file", "stub", "set", "wait"), Set.of()),
      "echo", new Spec(Set.of("var", "default", "encoding"), Set.of("var")),
      "config", new Spec(Set.of("errmsg", "timefmt"), Set.of()),
      "set", new Spec(Set.of("var", "value"), Set.of("var", "value")),
      "if", new Spec(Set.of("expr"), Set.of("expr")),
      "elif", new Spec(Set.of("expr"), Set.of("expr")),
      "else", new Spec(Set.of(), Set.of()),
      "endif", new Spec(Set.of(), Set.of()),
      "block", new Spec(Set.of("name"), Set.of("name")),
      "endblock", new Spec(Set.of(), Set.of()));

  private SsiCommands() { }

  /** Empty when nginx accepts {@code command}'s name and parameters, otherwise nginx's error-log text. */
  public static Optional<String> check(SsiCommand command) {
    Spec spec = TABLE.get(command.name());
    if (spec == null) {
      return Optional.of("unknown SSI command \"" + command.name() + "\"");
    }
    for (String key : command.params().keySet()) {
      if (!spec.accepted().contains(key)) {
        return Optional.of("unknown parameter \"" + key + "\" in \"" + command.name() + "\" SSI command");
      }
    }
    for (String key : spec.mandatory()) {
      if (!command.params().containsKey(key)) {
        return Optional.of("mandatory \"" + key + "\" parameter is absent in \"" + command.name()
            + "\" SSI command");
      }
    }
    return Optional.empty();
  }
}
